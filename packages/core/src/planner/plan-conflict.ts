import type { Snapshot } from "../model/snapshot.js";

/**
 * Why the planner refuses to replicate a dataset. Conflicts carry their data so
 * the message can list exactly what diverged and what to do.
 */
export type PlanConflict =
  /** The target has snapshots newer than the latest common one that the source lacks. */
  | {
      readonly kind: "diverged";
      readonly source: string;
      readonly target: string;
      readonly latestCommon: Snapshot;
      /** Target snapshots after `latestCommon` that the source does not have, oldest first. */
      readonly targetOnly: readonly Snapshot[];
    }
  /** The target has snapshots, none of which the source has (by guid). */
  | {
      readonly kind: "no-common-snapshot";
      readonly source: string;
      readonly target: string;
      readonly targetSnapshots: readonly Snapshot[];
    }
  /** The target exists with no snapshots; a full receive would have to replace it. */
  | { readonly kind: "target-not-empty"; readonly source: string; readonly target: string };

export function isPlanConflict(value: unknown): value is PlanConflict {
  return (
    typeof value === "object" &&
    value !== null &&
    "kind" in value &&
    (value.kind === "diverged" || value.kind === "no-common-snapshot" || value.kind === "target-not-empty")
  );
}
