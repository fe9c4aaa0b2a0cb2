import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createEmulatorHost, type EmulatorHost, type EmulatorHostOptions } from "./emulator-host.js";

/** How one emulator command ended. */
export interface CommandOutcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh emulator machine and ways to run its `zfs` and `zpool` as real processes. */
export function emulatorMachine(options: EmulatorHostOptions = {}) {
  const host: EmulatorHost = createEmulatorHost(options);
  const env = { ...process.env, ...host.env };
  const outcome = (result: SpawnSyncReturns<Buffer>): CommandOutcome => ({
    status: result.status,
    signal: result.signal,
    stdout: result.stdout.toString("utf8"),
    stderr: result.stderr.toString("utf8"),
  });
  const run = (command: string, args: readonly string[], input?: Uint8Array | string) =>
    outcome(spawnSync(command, args, { env, input: input ?? "", maxBuffer: 1 << 30 }));
  const zfs = (...args: string[]) => run("zfs", args);
  /** Runs `zfs`, failing the test with its stderr unless it exits 0; returns stdout. */
  const ok = (...args: string[]) => {
    const result = zfs(...args);
    if (result.status !== 0)
      throw new Error(`zfs ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    return result.stdout;
  };
  return {
    host,
    env,
    zfs,
    ok,
    /** `zfs ARGS` with `input` on stdin. */
    zfsWithInput: (input: Uint8Array | string, ...args: string[]) => run("zfs", args, input),
    zpool: (...args: string[]) => run("zpool", args),
    /** The bytes of `zfs send ARGS`. */
    send: (...args: string[]) => spawnSync("zfs", ["send", ...args], { env, maxBuffer: 1 << 30 }).stdout,
    /** Where a dataset is mounted (its `mountpoint`). */
    mountpoint: (dataset: string) => ok("get", "-H", "-o", "value", "mountpoint", dataset).trim(),
    /** Starts a long-running `zfs` with piped stdio. */
    start: (...args: string[]) => spawn("zfs", args, { env, stdio: ["pipe", "pipe", "pipe"] }),
    path: (...parts: string[]) => join(host.root, ...parts),
    dispose: () => host.dispose(),
  };
}

export type EmulatorMachine = ReturnType<typeof emulatorMachine>;
