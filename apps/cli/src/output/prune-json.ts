import type { PruneDecision } from "@zrelay/core";
import type { SidePrune } from "../prune/side-prune.js";
import { snapshotJson } from "./json-events.js";
import type { RunMode } from "./run-reporter.js";

/**
 * The `prune` event: one per dataset and side. `destroyed` is true once the
 * snapshots are gone (a run), false when only planned (`plan`, `--dry-run`).
 */
export function pruneJson(prune: SidePrune, mode: RunMode) {
  const decision = (d: PruneDecision) => ({ ...snapshotJson(d.snapshot), reason: d.reason });
  return {
    side: prune.side,
    host: prune.host,
    dataset: prune.dataset,
    source: prune.source,
    destroyed: mode === "run",
    match: prune.rules.match,
    keep: prune.rules.keep,
    destroy: prune.plan.destroy.map(decision),
    kept: prune.plan.keep.map(decision),
  };
}
