import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** The built CLI, as `npx zrelay` runs it. */
export const ZRELAY_BIN = join(REPO, "apps/cli/bin/zrelay.js");
/** Directory of the emulator's `zfs` and `zpool`. */
export const EMULATOR_BIN = join(REPO, "packages/testkit/bin");

/** What a finished zrelay process printed, line by line, and its exit status. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

/**
 * A machine whose `zfs` and `zpool` are the emulator (first in PATH, state in a
 * temp dir), with its own lock directory; run the built zrelay against it as a
 * child process, exactly as cron would.
 */
export function createCliSandbox() {
  const root = mkdtempSync(join(tmpdir(), "zrelay-cli-e2e-"));
  const lockDir = join(root, "locks");
  mkdirSync(lockDir);
  const env = {
    PATH: `${EMULATOR_BIN}${delimiter}${process.env.PATH ?? ""}`,
    ZRELAY_FAKE_ZFS_ROOT: join(root, "zfs"),
    ZRELAY_LOCK_DIR: lockDir,
    ZRELAY_STATE_DIR: join(root, "state"),
  };
  mkdirSync(env.ZRELAY_FAKE_ZFS_ROOT);

  /** Runs the emulator's `zfs` (or `zpool`) as an administrator would; rejects on failure. */
  const admin = async (command: "zfs" | "zpool", ...args: string[]) =>
    (await execa(command, args, { env, extendEnv: true })).stdout;

  /** Starts zrelay; the promise never rejects (a failure is in `code`). */
  const start = (...args: string[]): ResultPromise<{ reject: false; env: typeof env }> =>
    execa(process.execPath, [ZRELAY_BIN, ...args], { env, extendEnv: true, reject: false });

  const zrelay = async (...args: string[]): Promise<CliResult> => resultOf(await start(...args));

  return {
    root,
    lockDir,
    env,
    binary: ZRELAY_BIN,
    zfs: (...args: string[]) => admin("zfs", ...args),
    zpool: (...args: string[]) => admin("zpool", ...args),
    start,
    zrelay,
    /** `name@snap` of every snapshot under `dataset`, oldest first per dataset. */
    snapshots: async (dataset: string) =>
      (await admin("zfs", "list", "-H", "-o", "name", "-t", "snapshot", "-r", "-s", "createtxg", dataset))
        .split("\n")
        .filter((line) => line !== ""),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export type CliSandbox = ReturnType<typeof createCliSandbox>;

/**
 * Resolves once a `zrelay … --json` run has reported at least `bytes` bytes
 * transferred in a `progress` event: the observable state a test interrupts
 * or contends with, never a fixed wait. Rejects if the run ends first.
 */
export function untilProgress(run: ResultPromise, bytes: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = "";
    run.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      // Whole lines only: a chunk may end inside one.
      const sent = seen
        .split("\n")
        .slice(0, -1)
        .filter((line) => line.includes('"event":"progress"'))
        .map((line) => (JSON.parse(line) as { bytes: number }).bytes);
      if (sent.some((count) => count >= bytes)) resolve();
    });
    run.once("exit", () => reject(new Error(`the run ended before ${bytes} bytes flowed:\n${seen}`)));
  });
}

export function resultOf(result: {
  exitCode?: number | undefined;
  stdout: unknown;
  stderr: unknown;
}): CliResult {
  const lines = (text: unknown) => (String(text ?? "") === "" ? [] : String(text).split("\n"));
  return { code: result.exitCode ?? -1, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

/** Durations vary from run to run: `in 1.2 s` reads `in <t>`. */
export function withoutTimings(lines: readonly string[]): string[] {
  return lines.map((line) => line.replace(/ in \d+(\.\d)? s\b|in \d+ min \d+ s/g, " in <t>"));
}

/** Byte counts over SSH are sampled (see packages/zfs-local/README.md): `9.6 KiB` reads `<n> KiB`, durations `in <t>`. */
export function withoutSizes(lines: readonly string[]): string[] {
  return withoutTimings(lines).map((line) => line.replace(/\d+(\.\d)? KiB/g, "<n> KiB"));
}
