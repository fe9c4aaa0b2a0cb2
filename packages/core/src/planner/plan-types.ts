import type { Dataset } from "../model/dataset.js";
import type { ResumeTokenInfo } from "../model/resume-token.js";
import type { Bookmark, Snapshot } from "../model/snapshot.js";
import type { PlanConflict } from "./plan-conflict.js";

/** What the user allowed. Everything destructive defaults to false. */
export interface ReplicationPolicy {
  /**
   * Permit an explicit rollback step that destroys target snapshots newer than
   * the latest common one (`--allow-rollback`).
   */
  readonly allowRollback: boolean;
  /** Permit a full receive with `-F` onto a target that exists but has no snapshots (`--force`). */
  readonly forceOverwriteEmptyTarget: boolean;
  /**
   * Send an encrypted source decrypted (non-raw). Off by default: nothing
   * encrypted at the source ever lands decrypted unless asked.
   */
  readonly allowDecrypt: boolean;
  /** Send raw even when the source is not encrypted (raw-push targets set this). */
  readonly alwaysRaw: boolean;
  /** Snapshot short-name globs (`*`, `?`) to consider; empty means all. */
  readonly includeSnapshots: readonly string[];
  /** Snapshot short-name globs to ignore. */
  readonly excludeSnapshots: readonly string[];
  /** The target supports `-s`; when false no resume step is planned and receives are not resumable. */
  readonly resumable: boolean;
}

export const defaultPolicy: ReplicationPolicy = Object.freeze({
  allowRollback: false,
  forceOverwriteEmptyTarget: false,
  allowDecrypt: false,
  alwaysRaw: false,
  includeSnapshots: [],
  excludeSnapshots: [],
  resumable: true,
});

/** Everything the planner needs about one source dataset and its target. Read before planning. */
export interface PlanInput {
  readonly source: {
    /** Source dataset as listed (properties decide raw vs non-raw). */
    readonly dataset: Dataset;
    /** Its own snapshots (not its children's), any order. */
    readonly snapshots: readonly Snapshot[];
    /** Its own bookmarks, any order. */
    readonly bookmarks: readonly Bookmark[];
  };
  readonly target: {
    /** Target dataset name. */
    readonly name: string;
    /** The target dataset as listed, or undefined when it does not exist. */
    readonly dataset: Dataset | undefined;
    /** Its snapshots, any order. */
    readonly snapshots: readonly Snapshot[];
    /** Decoded `receive_resume_token`, when the target has one. */
    readonly resumeToken: ResumeTokenInfo | undefined;
    /** False when the target's parent does not exist yet and must be created first. */
    readonly parentExists: boolean;
  };
  readonly policy: ReplicationPolicy;
}

/** A snapshot on the source being sent, named the way `zfs send` takes it. */
export type SendBase = Snapshot | Bookmark;

export type PlanStep =
  /** Create the missing ancestors of the plan's target (canmount=off). */
  | { readonly kind: "create-parents" }
  /** `zfs receive -A`: drop a stale partial receive. */
  | { readonly kind: "abort-resume"; readonly reason: string }
  /** `zfs send -t TOKEN | zfs receive -s -u`. */
  | {
      readonly kind: "resume";
      readonly token: string;
      readonly snapshot: Snapshot;
      readonly raw: boolean;
    }
  /**
   * DESTRUCTIVE: `zfs rollback -r target@to`, destroying every snapshot in `destroys`
   * and whatever was written to the target since its latest snapshot.
   */
  | {
      readonly kind: "rollback";
      readonly to: Snapshot;
      readonly destroys: readonly Snapshot[];
      /** Bytes written to the target since its latest snapshot that the rollback discards; 0 for none. */
      readonly discardsWritten?: number | undefined;
    }
  /** `zfs send [-w] src@snap | zfs receive -u -s [-F] target`. */
  | {
      readonly kind: "full";
      readonly snapshot: Snapshot;
      readonly raw: boolean;
      /** `-F` onto an existing empty target; only when the policy forced it. */
      readonly force: boolean;
    }
  /** `zfs send [-w] -I|-i base src@newest | zfs receive -u -s target`; the newest is `snapshots.at(-1)`. */
  | {
      readonly kind: "incremental";
      readonly from: SendBase;
      /** `-I` (true) or `-i` (false; always false from a bookmark). */
      readonly intermediates: boolean;
      readonly raw: boolean;
      /** Every snapshot this step brings to the target, oldest first; never empty. */
      readonly snapshots: readonly [Snapshot, ...Snapshot[]];
    };

/** What happens to one dataset. */
export type DatasetPlan =
  | {
      readonly outcome: "replicate";
      readonly source: string;
      readonly target: string;
      readonly steps: readonly PlanStep[];
      /** Why the plan looks the way it does (stale token dropped, started from a bookmark…). */
      readonly notes: readonly string[];
    }
  | {
      readonly outcome: "up-to-date";
      readonly source: string;
      readonly target: string;
      /** The latest source snapshot, already on the target. */
      readonly latest: Snapshot;
      readonly notes: readonly string[];
    }
  | {
      readonly outcome: "skip";
      readonly source: string;
      readonly target: string;
      readonly reason: string;
    };

/** What `planDataset` decides for one dataset: a plan, or why it refuses. Tagged by `outcome`. */
export type PlanResult = DatasetPlan | PlanConflict;

/** An incremental send step. */
export type IncrementalStep = Extract<PlanStep, { kind: "incremental" }>;

/** The snapshot an incremental step sends up to (`zfs send -I from THIS`): its newest. */
export function incrementalEnd(step: IncrementalStep): Snapshot {
  const [first, ...rest] = step.snapshots;
  return rest.at(-1) ?? first;
}
