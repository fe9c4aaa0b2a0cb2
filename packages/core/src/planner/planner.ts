import { policyReference } from "../errors/policy-reference.js";
import { byteCountText } from "../model/byte-count-text.js";
import { byCreatetxg, type Snapshot } from "../model/snapshot.js";
import { snapshotListText } from "../model/snapshot-list-text.js";
import { selectSnapshots } from "../names/snapshot-filter.js";
import { findIncrementalBase } from "./common-snapshot.js";
import { planIncrementals } from "./incremental-chain.js";
import type { DatasetPlan, PlanInput, PlanResult, PlanStep } from "./plan-types.js";
import { decideRaw } from "./raw-decision.js";
import { decideResume } from "./resume-decision.js";

/** The skip reason of a source dataset with no snapshot at all (the CLI warns about it). */
export const NO_SOURCE_SNAPSHOTS = "no snapshots on source";

/**
 * Decide how to bring one target dataset up to date with its source. Pure: the same
 * input always gives the same plan, and nothing is read or changed.
 *
 * In order:
 * 1. Only source snapshots matching the include/exclude patterns are sent.
 * 2. An interrupted receive on the target is resumed if it still can be, else dropped.
 * 3. A missing target is seeded: full send of the oldest selected snapshot, then incrementals.
 * 4. An existing target continues from its newest snapshot the source still has
 *    (by guid; as a bookmark if the source pruned the snapshot).
 * 5. Anything that would destroy or overwrite target data is a conflict unless the
 *    policy allows that exact step, which the plan then spells out: snapshots only
 *    the target has, and bytes written into the target since its latest snapshot.
 */
export function planDataset(input: PlanInput): PlanResult {
  const { source, target, policy } = input;
  const names = { source: source.dataset.name, target: target.name };
  const sourceSnapshots = [...source.snapshots].sort(byCreatetxg);
  const selected = selectSnapshots(sourceSnapshots, {
    include: policy.includeSnapshots,
    exclude: policy.excludeSnapshots,
  });
  if (sourceSnapshots.length === 0) return { outcome: "skip", ...names, reason: NO_SOURCE_SNAPSHOTS };
  if (selected.length === 0) {
    return { outcome: "skip", ...names, reason: "no snapshots match the include/exclude patterns" };
  }

  const raw = decideRaw(source.dataset, policy);
  const resume = decideResume(input, selected, raw);
  const steps: PlanStep[] = [...resume.steps];
  const notes: string[] = [...resume.notes];
  const replicate = (): DatasetPlan => ({ outcome: "replicate", ...names, steps, notes });

  // Oldest first; a resumed snapshot is received after everything already there.
  const targetSnapshots = [...target.snapshots].sort(byCreatetxg);
  if (resume.resumed) targetSnapshots.push(resume.resumed);

  // Seed a target that does not exist (or stops existing once a partial full receive is dropped).
  if (target.dataset === undefined || resume.targetRemoved) {
    if (!target.parentExists) steps.push({ kind: "create-parents" });
    steps.push(...seed(selected, sourceSnapshots, raw, false));
    return replicate();
  }

  // A full receive onto an existing dataset replaces it: only with the force policy.
  if (targetSnapshots.length === 0) {
    if (!policy.forceOverwriteEmptyTarget) return { outcome: "conflict", kind: "target-not-empty", ...names };
    notes.push(
      `${target.name} exists with no snapshots; overwriting it with a full receive (${policyReference("force")})`,
    );
    steps.push(...seed(selected, sourceSnapshots, raw, true));
    return replicate();
  }

  const base = findIncrementalBase(targetSnapshots, sourceSnapshots, source.bookmarks);
  if (base === undefined)
    return { outcome: "conflict", kind: "no-common-snapshot", ...names, targetSnapshots };
  const targetOnly = targetSnapshots.slice(targetSnapshots.indexOf(base.onTarget) + 1);
  const toSend = selected.filter((snapshot) => snapshot.createtxg > base.onSource.createtxg);
  // Bytes written since the target's latest snapshot; a resumed receive is judged by ZFS itself.
  const written = resume.resumed === undefined ? (target.dataset.written ?? 0) : 0;
  const latestOnTarget = targetSnapshots.at(-1) ?? base.onTarget;
  const modifiedSince = `${target.name} was modified since @${latestOnTarget.name} (${byteCountText(written)} written)`;
  if (targetOnly.length > 0) {
    if (!policy.allowRollback) {
      return { outcome: "conflict", kind: "diverged", ...names, latestCommon: base.onTarget, targetOnly };
    }
    steps.push({ kind: "rollback", to: base.onTarget, destroys: targetOnly, discardsWritten: written });
    const discarded =
      written > 0 ? ` and the ${byteCountText(written)} written since @${latestOnTarget.name}` : "";
    notes.push(
      `rolling ${target.name} back to @${base.onTarget.name} destroys ${snapshotListText(targetOnly)}${discarded} (${policyReference("allowRollback")})`,
    );
  } else if (written > 0 && toSend.length > 0) {
    // ZFS refuses an incremental receive onto a changed target: say so before anything moves.
    if (!policy.allowRollback) {
      return { outcome: "conflict", kind: "modified", ...names, latest: base.onTarget, written };
    }
    steps.push({ kind: "rollback", to: base.onTarget, destroys: [], discardsWritten: written });
    notes.push(
      `${modifiedSince}; rolling it back to @${base.onTarget.name} discards that (${policyReference("allowRollback")})`,
    );
  } else if (written > 0) {
    notes.push(`${modifiedSince}; the next receive needs it rolled back to @${base.onTarget.name}`);
  }

  if (toSend.length > 0 && base.onSource.kind === "bookmark") {
    notes.push(
      `the source no longer has snapshot @${base.onTarget.name} in common with the target; ` +
        `sending from its bookmark #${base.onSource.name}`,
    );
  }
  steps.push(...planIncrementals(base.onSource, toSend, sourceSnapshots, raw));
  if (steps.length > 0) return replicate();

  // Nothing to do. `latest` is the target's copy when only a bookmark of it is left on the source.
  const latest = base.onSource.kind === "snapshot" ? base.onSource : base.onTarget;
  const newestSelected = selected.at(-1);
  if (newestSelected !== undefined && newestSelected.guid !== latest.guid) {
    notes.push(`nothing newer than @${latest.name} on the target matches the include/exclude patterns`);
  }
  return { outcome: "up-to-date", ...names, latest, notes };
}

/** Full send of the oldest selected snapshot, then incrementals up to the newest. */
function seed(
  selected: readonly Snapshot[],
  sourceSnapshots: readonly Snapshot[],
  raw: boolean,
  force: boolean,
): PlanStep[] {
  const [first, ...rest] = selected;
  if (first === undefined) return [];
  return [
    { kind: "full", snapshot: first, raw, force },
    ...planIncrementals(first, rest, sourceSnapshots, raw),
  ];
}
