import type { RunDataset, Snapshot } from "@zrelay/core";

/**
 * The target's snapshots as they will be once the planned steps ran: what a
 * plan shows pruning from, so `zrelay plan` names the snapshots a run would
 * destroy. Received snapshots keep the source's guid and creation time; their
 * createtxg only has to sort after the target's own.
 */
export function projectedTargetSnapshots(planned: RunDataset, current: readonly Snapshot[]): Snapshot[] {
  if (planned.outcome !== "replicate") return [...current];
  let snapshots = [...current];
  let txg = 0n;
  for (const snapshot of snapshots) if (snapshot.createtxg > txg) txg = snapshot.createtxg;
  const arrive = (snapshot: Snapshot) => {
    txg += 1n;
    snapshots.push({ ...snapshot, dataset: planned.target, createtxg: txg, userrefs: 0 });
  };
  for (const step of planned.steps) {
    switch (step.kind) {
      case "rollback": {
        const gone = new Set(step.destroys.map((s) => s.guid));
        snapshots = snapshots.filter((s) => !gone.has(s.guid));
        break;
      }
      case "full":
        if (step.force) snapshots = [];
        arrive(step.snapshot);
        break;
      case "resume":
        arrive(step.snapshot);
        break;
      case "incremental":
        for (const snapshot of step.snapshots) arrive(snapshot);
        break;
      default:
        break;
    }
  }
  return snapshots;
}
