import { processExists, processStartTicks } from "./process-liveness.js";

/** What a lock file says about the run holding it. */
export interface LockHolder {
  readonly pid: number;
  /** ISO time the run took the lock. */
  readonly startedAt: string;
  /** `/proc/PID/stat` start ticks of the holder, when known. */
  readonly processStart?: string;
  /** The command line of the holder, for the message. */
  readonly command?: string;
}

export function serializeHolder(holder: LockHolder): string {
  return `${JSON.stringify(holder)}\n`;
}

/** The holder a lock file names, or undefined when the file is empty or garbled (a crash mid-write). */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== "number" || typeof value.startedAt !== "string") return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

/** True while the process that wrote the lock still runs (and is the same process, not a reused PID). */
export function holderIsAlive(holder: LockHolder): boolean {
  if (!processExists(holder.pid)) return false;
  if (holder.processStart === undefined) return true;
  const current = processStartTicks(holder.pid);
  return current === undefined || current === holder.processStart;
}
