import type { DatasetTree } from "../job/dataset-trees.js";
import type { ProcessInfo } from "../system/process-info.js";
import { defaultLockDirectory } from "./lock-directory.js";
import { processStartTicks } from "./process-liveness.js";
import type { RunLock } from "./run-lock.js";
import { acquireTreeLocks } from "./tree-locks.js";

/** Takes run locks for this process in the lock directory. */
export class RunLocks {
  readonly #process: ProcessInfo;

  constructor(process: ProcessInfo) {
    this.#process = process;
  }

  get directory(): string {
    return defaultLockDirectory(this.#process.env);
  }

  /**
   * Locks the trees a run writes: `lockedTreesOf(job)`, i.e. the target trees it
   * receives into and the source trees it prunes. Rejects with LOCK_HELD while a
   * live run holds one of them, or a tree inside or around one (see tree-locks.ts);
   * `onTakeover` hears of a stale lock removed.
   */
  acquire(trees: readonly DatasetTree[], onTakeover: (message: string) => void): Promise<RunLock> {
    const { pid } = this.#process;
    const processStart = processStartTicks(pid);
    return acquireTreeLocks(trees, {
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
