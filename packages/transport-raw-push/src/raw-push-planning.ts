import {
  byCreatetxg,
  isEncrypted,
  type PlanInput,
  planDataset,
  type ReplicationPolicy,
  type Snapshot,
  toRunDataset,
} from "@zrelay/core";
import { checkSourceEncryption, checkTargetEncryption } from "./encryption-check.js";
import { targetMismatch, unencryptedPlaceholder } from "./raw-push-errors.js";
import type { RawPushPlan } from "./raw-push-plan.js";
import { assertRawSteps } from "./raw-steps.js";

/** What planning one dataset of a push needs from its route. */
export interface RawPushPlanningContext {
  readonly sourceHost: string;
  readonly targetHost: string;
  readonly policy: ReplicationPolicy;
  readonly allowUnencrypted: boolean;
  /** The route's mapping; throws MAPPING_OUTSIDE_PREFIX. */
  readonly targetFor: (source: string) => string;
  readonly warn: (dataset: string, message: string) => void;
}

/**
 * Plans one dataset of a push from what was listed, without any further I/O:
 * 1. the target must be where the route maps the source (else a bug: thrown);
 * 2. an unencrypted source is refused, or, when allowed, warned about on every run;
 * 3. an existing target copy that is unencrypted or has its key loaded offsite is refused,
 *    and so is an empty unencrypted placeholder ZFS could not receive the encrypted source over;
 * 4. the core planner plans it with the route's policy (`input.policy` is ignored),
 *    and every transfer step is checked to be raw.
 */
export function planRawPush(input: Omit<PlanInput, "policy">, context: RawPushPlanningContext): RawPushPlan {
  const { sourceHost, targetHost } = context;
  const source = input.source.dataset.name;
  const target = input.target.name;
  const mapped = context.targetFor(source);
  if (mapped !== target) throw targetMismatch(source, target, mapped, sourceHost);

  // No snapshots: nothing would be sent, so nothing can leak. The unencrypted containers a
  // pull creates above its copies (canmount=off) are skipped like that, not refused.
  if (input.source.snapshots.length === 0) {
    const dataset = toRunDataset(planDataset({ ...input, policy: context.policy }), targetHost);
    const expectation = { source: { dataset: source, host: sourceHost }, encrypted: false };
    const chain = { bookmarks: input.source.bookmarks, previouslyPushed: undefined };
    return { ...dataset, push: { expectation, chain, listedTarget: input.target.dataset } };
  }

  const verdict = checkSourceEncryption(
    input.source.dataset,
    { source: sourceHost, target: targetHost },
    context.allowUnencrypted,
  );
  if (verdict.kind === "refused") return { outcome: "refused", source, target, error: verdict.error };
  if (verdict.kind === "unencrypted-allowed") context.warn(source, verdict.warning);
  const sourceAt = { dataset: source, host: sourceHost };
  const expectation = { source: sourceAt, encrypted: verdict.kind === "encrypted" };

  const listedTarget = input.target.dataset;
  if (listedTarget !== undefined) {
    const placeholder =
      expectation.encrypted &&
      !isEncrypted(listedTarget) &&
      input.target.snapshots.length === 0 &&
      listedTarget.resumeToken === undefined;
    const problem = placeholder
      ? unencryptedPlaceholder({ dataset: target, host: targetHost }, sourceAt)
      : checkTargetEncryption(listedTarget, targetHost, expectation, "before");
    if (problem !== undefined) return { outcome: "refused", source, target, error: problem };
  }

  const dataset = toRunDataset(planDataset({ ...input, policy: context.policy }), targetHost);
  assertRawSteps(dataset, sourceHost);
  return {
    ...dataset,
    push: {
      expectation,
      chain: {
        bookmarks: input.source.bookmarks,
        previouslyPushed: previouslyPushed(input.target.snapshots, input.source.snapshots),
      },
      listedTarget,
    },
  };
}

/** The target's newest snapshot, as the source snapshot of the same guid (if the source kept it). */
function previouslyPushed(
  targetSnapshots: readonly Snapshot[],
  sourceSnapshots: readonly Snapshot[],
): Snapshot | undefined {
  const newest = [...targetSnapshots].sort(byCreatetxg).at(-1);
  if (newest === undefined) return undefined;
  return sourceSnapshots.find((snapshot) => snapshot.guid === newest.guid);
}
