import { EmulatorState } from "./emulator-state.js";
import { MountSync } from "./mount-sync.js";
import { withStateLock } from "./state-lock.js";

/**
 * One critical section on the saved state: lock, load, bring in what
 * fixtures wrote into mounted filesystems, run, write mountpoints, save.
 * Nothing `run` changed is saved when it throws (a failed zfs command
 * changes nothing); what fixtures wrote is saved either way.
 * `check` runs `run` on a throwaway copy: for decisions that must see the
 * latest state without changing it (a receive checking a record header).
 */
export function transact<T>(
  root: string,
  run: (state: EmulatorState) => T,
  mode: "write" | "check" = "write",
): T {
  return withStateLock(root, () => {
    const state = EmulatorState.load(root);
    const sync = new MountSync();
    if (sync.syncIn(state)) state.save();
    const result = run(state);
    if (mode === "write") {
      sync.syncOut(state);
      state.prune();
      state.save();
    }
    return result;
  });
}

/** What a command prints and how it exits: collected under the lock, printed after it. */
export class CommandReport {
  stdout = "";
  stderr = "";
  status = 0;

  print(line: string): void {
    this.stdout += `${line}\n`;
  }

  /** zfs goes on after some errors (an absent dataset among several): the first status sticks. */
  fail(error: { readonly stderr: string; readonly exitStatus: number }): void {
    this.stderr += error.stderr;
    if (this.status === 0) this.status = error.exitStatus;
  }
}
