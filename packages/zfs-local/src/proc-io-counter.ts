import { readFileSync } from "node:fs";

/** Bytes a process passed through read() and write() calls, from Linux's /proc/<pid>/io. */
export interface ProcIo {
  readonly rchar: number;
  readonly wchar: number;
}

/**
 * Reads /proc/<pid>/io. Undefined where there is no such file: not Linux, or the
 * process is gone (reaped). A zombie, exited but not yet reaped, still has it.
 * Synchronous on purpose: procfs answers from memory, and a sample must not
 * wait for an event loop turn in which the process could be reaped.
 */
export function readProcIo(pid: number | undefined): ProcIo | undefined {
  if (pid === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/io`, "utf8");
  } catch {
    return undefined;
  }
  const rchar = /^rchar:\s*(\d+)$/m.exec(text)?.[1];
  const wchar = /^wchar:\s*(\d+)$/m.exec(text)?.[1];
  return rchar === undefined || wchar === undefined
    ? undefined
    : { rchar: Number(rchar), wchar: Number(wchar) };
}

/**
 * Counts the bytes a process wrote (`wchar`) or read (`rchar`) without seeing
 * them: sampled every `intervalMs` and on demand, keeping the largest value.
 * `baseline` is subtracted (what the process had counted before its stream).
 * Counts 0 where /proc/<pid>/io does not exist.
 */
export class ProcByteCounter {
  readonly #pid: number | undefined;
  readonly #field: keyof ProcIo;
  readonly #baseline: number;
  readonly #timer: NodeJS.Timeout | undefined;
  #bytes = 0;
  #stopped = false;

  constructor(pid: number | undefined, field: keyof ProcIo, baseline: number, intervalMs: number) {
    this.#pid = pid;
    this.#field = field;
    this.#baseline = baseline;
    this.#timer = pid === undefined ? undefined : setInterval(() => this.sample(), intervalMs);
    // A progress sampler must never keep the process alive on its own.
    this.#timer?.unref();
  }

  /** Takes a sample now; false when the process could not be read (gone). */
  sample(): boolean {
    if (this.#stopped) return false;
    const io = readProcIo(this.#pid);
    if (io === undefined) return false;
    this.#bytes = Math.max(this.#bytes, io[this.#field] - this.#baseline);
    return true;
  }

  /** Raises the count to `bytes` if that is larger (a better estimate from elsewhere). */
  atLeast(bytes: number): void {
    this.#bytes = Math.max(this.#bytes, bytes);
  }

  bytes(): number {
    if (!this.#stopped) this.sample();
    return this.#bytes;
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }
}
