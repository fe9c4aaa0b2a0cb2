import type { ResumeTokenInfo } from "../model/resume-token.js";
import { byCreatetxg, type Snapshot } from "../model/snapshot.js";
import type { PlanInput, PlanStep } from "./plan-types.js";

/** What to do about an interrupted receive on the target. */
export interface ResumeDecision {
  /** A `resume` or an `abort-resume` step, or none when there is no token. */
  readonly steps: readonly PlanStep[];
  readonly notes: readonly string[];
  /** The source snapshot the resume step completes; it is then the target's newest. */
  readonly resumed: Snapshot | undefined;
  /**
   * True when aborting drops an interrupted FULL receive into a target with no
   * snapshots: `zfs receive -A` then destroys the partial dataset, so planning goes
   * on as if the target did not exist.
   */
  readonly targetRemoved: boolean;
}

/**
 * Resume the interrupted receive when `zfs send -t` can still finish it exactly as
 * it was started; otherwise drop it, saying why, and plan from what the target has.
 * `selected` are the source snapshots the patterns let through, `raw` the raw
 * decision for this dataset.
 */
export function decideResume(input: PlanInput, selected: readonly Snapshot[], raw: boolean): ResumeDecision {
  const token = input.target.resumeToken;
  if (token === undefined || input.target.dataset === undefined) {
    return { steps: [], notes: [], resumed: undefined, targetRemoved: false };
  }
  const verdict = judgeToken(token, input, selected, raw);
  if ("resume" in verdict) {
    return {
      steps: [{ kind: "resume", token: token.token, snapshot: verdict.resume, raw }],
      notes: [`resuming the interrupted receive of ${token.toName} (${token.bytes} bytes already received)`],
      resumed: verdict.resume,
      targetRemoved: false,
    };
  }
  const { stale } = verdict;
  const targetRemoved = token.fromGuid === undefined && input.target.snapshots.length === 0;
  const notes = [`dropping the interrupted receive of ${token.toName}: ${stale}`];
  if (targetRemoved) {
    notes.push(
      `it was a full receive, so dropping it removes ${input.target.name}; starting over with a full send`,
    );
  }
  return {
    steps: [{ kind: "abort-resume", reason: stale }],
    notes,
    resumed: undefined,
    targetRemoved,
  };
}

/** Either the snapshot `zfs send -t` would complete, or why the token is stale. */
type TokenVerdict = { readonly resume: Snapshot } | { readonly stale: string };

function judgeToken(
  token: ResumeTokenInfo,
  { source, target, policy }: PlanInput,
  selected: readonly Snapshot[],
  raw: boolean,
): TokenVerdict {
  if (!policy.resumable) return { stale: "resumable receives are turned off for this target" };
  if (!source.snapshots.some((candidate) => candidate.guid === token.toGuid)) {
    return { stale: `snapshot ${token.toName} the interrupted receive was for is gone from the source` };
  }
  const snapshot = selected.find((candidate) => candidate.guid === token.toGuid);
  if (snapshot === undefined) {
    return {
      stale: `snapshot ${token.toName} the interrupted receive was for is left out by the include/exclude patterns`,
    };
  }
  if (token.raw !== raw) {
    return {
      stale: token.raw
        ? "the interrupted stream was raw but this one is not"
        : "the interrupted stream was not raw but this one is",
    };
  }
  if (token.fromGuid === undefined) {
    // A full stream resumes only into the partial dataset it created; finishing it
    // over existing snapshots would need the -F this plan never adds silently.
    if (target.snapshots.length === 0) return { resume: snapshot };
    return { stale: "the interrupted receive was a full one but the target has snapshots now" };
  }
  const sourcePoints = [...source.snapshots, ...source.bookmarks];
  if (!sourcePoints.some((point) => point.guid === token.fromGuid)) {
    return {
      stale: `the incremental base of the interrupted receive (guid ${token.fromGuid}) is gone from the source`,
    };
  }
  // ZFS only finishes an incremental receive onto the snapshot it started from.
  const targetLatest = [...target.snapshots].sort(byCreatetxg).at(-1);
  if (targetLatest?.guid !== token.fromGuid) {
    return {
      stale: `the target's newest snapshot is no longer the incremental base of the interrupted receive (guid ${token.fromGuid})`,
    };
  }
  return { resume: snapshot };
}
