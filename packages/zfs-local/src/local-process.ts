import type { Readable, Writable } from "node:stream";
import {
  COMMAND_NOT_EXECUTABLE_EXIT_CODE,
  COMMAND_NOT_FOUND_EXIT_CODE,
  type CommandResult,
  OutputTail,
} from "@zrelay/zfs-command";
import { execa } from "execa";
import { dyingWithParent } from "./parent-death.js";

/** Resolved options of a local runner. */
export interface LocalSettings {
  readonly host: string;
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly killGraceMs: number;
  readonly sampleIntervalMs: number;
  readonly tailBytes: number;
}

/** How a local process ended. */
export interface ProcessEnd {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;
  readonly stdoutTail: string;
}

/** A started long-running process. */
export interface LocalProcess {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  /** Settles once it has exited and its pipes are closed. Never rejects. */
  readonly ended: Promise<ProcessEnd>;
  /** SIGTERM, then SIGKILL after the grace period (execa's forceKillAfterDelay). Idempotent. */
  kill(): void;
}

export interface LocalStdio {
  /** "ignore", "pipe" (Node writes it), or a descriptor the child inherits. */
  readonly stdin: "ignore" | "pipe" | number;
  /** "pipe" to read it, "drain" to keep its tail, or a stream or descriptor the child inherits. */
  readonly stdout: "pipe" | "drain" | Writable | number;
  /** Called synchronously when stderr closes: the process is exiting but not yet reaped. */
  readonly onStderrEnd?: () => void;
}

// Always: an argv array, no shell, failures as results (reject: false).
function baseOptions(settings: LocalSettings) {
  return {
    reject: false,
    shell: false,
    env: settings.env,
    extendEnv: true,
    stripFinalNewline: false,
    forceKillAfterDelay: settings.killGraceMs,
  } as const;
}

export function spawnLocal(
  argv: readonly string[],
  stdio: LocalStdio,
  settings: LocalSettings,
): LocalProcess {
  // Long-running processes of a stream must not outlive zrelay; one-shot commands end on their own.
  const [file = "", ...args] = dyingWithParent(argv, settings.env?.PATH ?? process.env.PATH);
  const stderrTail = new OutputTail(settings.tailBytes);
  const stdoutTail = new OutputTail(settings.tailBytes);
  const subprocess = execa(file, args, {
    ...baseOptions(settings),
    // execa hands a descriptor number to child_process as it is; its types only list 0 to 9.
    stdin: stdio.stdin as "ignore" | "pipe" | 0,
    stdout: (stdio.stdout === "drain" ? "pipe" : stdio.stdout) as "pipe" | Writable | 1,
    stderr: "pipe",
    // We read every pipe ourselves, into bounded tails: execa must not buffer them.
    buffer: false,
    encoding: "buffer",
  });
  subprocess.stderr.on("data", (chunk: Buffer) => stderrTail.push(chunk));
  if (stdio.onStderrEnd !== undefined) subprocess.stderr.once("end", stdio.onStderrEnd);
  if (stdio.stdout === "drain") subprocess.stdout?.on("data", (chunk: Buffer) => stdoutTail.push(chunk));
  let killed = false;
  return {
    pid: subprocess.pid,
    stdin: subprocess.stdin,
    stdout: stdio.stdout === "pipe" ? subprocess.stdout : null,
    ended: subprocess.then((result) => {
      const end = endOf(result, file, settings);
      return {
        ...end,
        stderrTail: `${stderrTail.text()}${end.spawnError ?? ""}`,
        stdoutTail: stdoutTail.text(),
      };
    }),
    kill() {
      if (killed) return;
      killed = true;
      subprocess.kill();
    },
  };
}

/** Runs argv to completion; stdout is kept whole, stderr only its tail. */
export async function runLocal(argv: readonly string[], settings: LocalSettings): Promise<CommandResult> {
  const [file = "", ...args] = argv;
  const stderrTail = new OutputTail(settings.tailBytes);
  const subprocess = execa(file, args, {
    ...baseOptions(settings),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    buffer: { stdout: true, stderr: false },
    maxBuffer: { stdout: 256 * 1024 * 1024 },
    encoding: "utf8",
  });
  subprocess.stderr.on("data", (chunk: Buffer | string) => stderrTail.push(chunk));
  const result = await subprocess;
  const end = endOf(result, file, settings);
  return {
    exitCode: end.exitCode,
    signal: end.signal,
    stdout: typeof result.stdout === "string" ? result.stdout : "",
    stderr: `${stderrTail.text()}${end.spawnError ?? ""}`,
  };
}

interface ExecaOutcome {
  readonly exitCode?: number | undefined;
  readonly signal?: string | undefined;
  readonly failed: boolean;
  readonly isMaxBuffer?: boolean;
  readonly code?: string;
  readonly shortMessage?: string;
}

/**
 * Exit status and signal as the CommandRunner port defines them. A process that
 * could not be started reads like a shell would report it: 127 when the command
 * is not found (naming the PATH searched), 126 when it is not executable.
 */
function endOf(result: ExecaOutcome, file: string, settings: LocalSettings) {
  const tooMuch =
    result.isMaxBuffer === true ? "\nzrelay: the command printed more than 256 MiB on stdout\n" : undefined;
  if (result.exitCode !== undefined) return { exitCode: result.exitCode, signal: null, spawnError: tooMuch };
  if (result.signal !== undefined) return { exitCode: null, signal: result.signal, spawnError: tooMuch };
  const path = settings.env?.PATH ?? process.env.PATH ?? "";
  if (result.code === "ENOENT") {
    const where = file.includes("/") ? `${file} does not exist` : `${file} was not found in PATH=${path}`;
    return {
      exitCode: COMMAND_NOT_FOUND_EXIT_CODE,
      signal: null,
      spawnError: `${where} on ${settings.host}\n`,
    };
  }
  if (result.code === "EACCES") {
    return {
      exitCode: COMMAND_NOT_EXECUTABLE_EXIT_CODE,
      signal: null,
      spawnError: `${file} is not executable on ${settings.host}\n`,
    };
  }
  return {
    exitCode: null,
    signal: null,
    spawnError: `${result.shortMessage ?? `${file} could not be started`}\n`,
  };
}
