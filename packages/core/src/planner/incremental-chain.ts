import type { Snapshot } from "../model/snapshot.js";
import type { IncrementalStep, SendBase } from "./plan-types.js";

/**
 * The incremental sends that bring `toSend` onto a target whose latest snapshot is
 * `base`. Without include/exclude patterns that is one `-I base latest`.
 *
 * `-I` sends every source snapshot in between, so a run stops before a snapshot the
 * patterns leave out, and the next one is reached with `-i`, which skips it. ZFS
 * refuses `-I` from a bookmark, so the first step from one is also `-i`.
 *
 * `sourceSnapshots` is every source snapshot, oldest first; `toSend` the selected
 * ones newer than `base`.
 */
export function planIncrementals(
  base: SendBase,
  toSend: readonly Snapshot[],
  sourceSnapshots: readonly Snapshot[],
  raw: boolean,
): IncrementalStep[] {
  const sending = new Set(toSend.map((snapshot) => snapshot.guid));
  const steps: IncrementalStep[] = [];
  let from = base;
  let run: Snapshot[] = [];
  // True when something between `from` and the next snapshot must not be sent: reach it with -i.
  let skipped = base.kind === "bookmark";

  const send = (snapshots: Snapshot[], intermediates: boolean): void => {
    const [first, ...rest] = snapshots;
    if (first === undefined) return;
    steps.push({ kind: "incremental", from, intermediates, raw, snapshots: [first, ...rest] });
    from = rest.at(-1) ?? first;
  };

  for (const snapshot of sourceSnapshots.filter((s) => s.createtxg > base.createtxg)) {
    if (!sending.has(snapshot.guid)) {
      send(run, true);
      run = [];
      skipped = true;
    } else if (skipped) {
      send([snapshot], false);
      skipped = false;
    } else {
      run.push(snapshot);
    }
  }
  send(run, true);
  return steps;
}
