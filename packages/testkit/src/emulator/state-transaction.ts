import { EmulatorState } from "./emulator-state.js";
import { MountSync } from "./mount-sync.js";
import { withStateLock } from "./state-lock.js";

/**
 * One critical section on the saved state: lock, load, bring in what
 * fixtures wrote into mounted filesystems, run, write mountpoints, save.
 * Nothing `run` changed is saved when it throws (a failed zfs command
 * changes nothing); what fixtures wrote is saved either way.
 * `check` runs `run` on a throwaway copy: for decisions that must see the
 * latest state without changing it (a receive checking a record header,
 * a listing). Its copy is private, so it runs after the lock is released:
 * a slow listing of a large state does not hold up the other commands.
 */
export function transact<T>(
  root: string,
  run: (state: EmulatorState) => T,
  mode: "write" | "check" = "write",
): T {
  if (mode === "check") return run(withStateLock(root, () => loadSynced(root).state));
  return withStateLock(root, () => {
    const { state, sync } = loadSynced(root);
    const result = run(state);
    sync.syncOut(state);
    state.save();
    return result;
  });
}

/** The saved state with what fixtures wrote into mounted filesystems brought in (and saved). */
function loadSynced(root: string): { state: EmulatorState; sync: MountSync } {
  const state = EmulatorState.load(root);
  const sync = new MountSync();
  if (sync.syncIn(state)) state.save();
  return { state, sync };
}

/** What a command prints and how it exits: collected while it runs, printed after its critical section. */
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
