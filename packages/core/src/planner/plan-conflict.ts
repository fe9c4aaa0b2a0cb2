import type { Snapshot } from "../model/snapshot.js";

interface ConflictBase {
  /** The tag shared with DatasetPlan: a planner result is told apart by `outcome` alone. */
  readonly outcome: "conflict";
  readonly source: string;
  readonly target: string;
}

/**
 * Why the planner refuses to replicate a dataset (`kind`). Conflicts carry their
 * data so the message can list exactly what diverged and what to do, and `--json`
 * can hand it on.
 */
export type PlanConflict = ConflictBase &
  /** The target has snapshots newer than the latest common one that the source lacks. */
  (
    | {
        readonly kind: "diverged";
        readonly latestCommon: Snapshot;
        /** Target snapshots after `latestCommon` that the source does not have, oldest first. */
        readonly targetOnly: readonly Snapshot[];
      }
    /** The target has snapshots, none of which the source has (by guid). */
    | {
        readonly kind: "no-common-snapshot";
        readonly targetSnapshots: readonly Snapshot[];
      }
    /**
     * The target was written to since its latest snapshot (someone mounted the backup
     * and changed it): ZFS would refuse the incremental receive, and only a rollback
     * to `latest`, discarding `written` bytes, lets replication go on.
     */
    | {
        readonly kind: "modified";
        /** The target's latest snapshot, which the changes were made after. */
        readonly latest: Snapshot;
        /** The target's `written`: bytes written since `latest`. */
        readonly written: number;
      }
    /** The target exists with no snapshots; a full receive would have to replace it. */
    | { readonly kind: "target-not-empty" }
  );
