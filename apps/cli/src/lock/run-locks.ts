import type { ProcessInfo } from "../system/process-info.js";
import { defaultLockDirectory } from "./lock-directory.js";
import { processStartTicks } from "./process-liveness.js";
import { acquireRunLock, type RunLock } from "./run-lock.js";

/** Takes run locks for this process in the lock directory. */
export class RunLocks {
  readonly #process: ProcessInfo;

  constructor(process: ProcessInfo) {
    this.#process = process;
  }

  get directory(): string {
    return defaultLockDirectory(this.#process.env);
  }

  /** Throws LOCK_HELD while a live run holds `name`; `onTakeover` hears of a stale lock taken over. */
  acquire(name: string, onTakeover: (message: string) => void): RunLock {
    const { pid } = this.#process;
    const processStart = processStartTicks(pid);
    return acquireRunLock(name, {
      directory: this.directory,
      holder: {
        pid,
        startedAt: this.#process.now().toISOString(),
        ...(processStart === undefined ? {} : { processStart }),
        command: this.#process.command,
      },
      onTakeover: (stale, path) =>
        onTakeover(
          `took over the lock ${path} of ${stale === undefined ? "an unreadable lock file" : `PID ${stale.pid} (started ${stale.startedAt})`}, which no longer runs`,
        ),
    });
  }
}
