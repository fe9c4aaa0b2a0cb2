import { policyReference } from "../errors/policy-reference.js";
import { byCreatetxg, type Snapshot } from "../model/snapshot.js";
import { selectSnapshots } from "../names/snapshot-filter.js";
import { findIncrementalBase } from "./common-snapshot.js";
import { planIncrementals } from "./incremental-chain.js";
import type { PlanConflict } from "./plan-conflict.js";
import type { DatasetPlan, PlanInput, PlanStep } from "./plan-types.js";
import { decideRaw } from "./raw-decision.js";
import { decideResume } from "./resume-decision.js";

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
 *    policy allows that exact step, which the plan then spells out.
 */
export function planDataset(input: PlanInput): DatasetPlan | PlanConflict {
  const { source, target, policy } = input;
  const names = { source: source.dataset.name, target: target.name };
  const sourceSnapshots = [...source.snapshots].sort(byCreatetxg);
  const selected = selectSnapshots(sourceSnapshots, {
    include: policy.includeSnapshots,
    exclude: policy.excludeSnapshots,
  });
  if (sourceSnapshots.length === 0) return { outcome: "skip", ...names, reason: "no snapshots on source" };
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
    if (!target.parentExists) steps.push({ kind: "create-parents", dataset: target.name });
    steps.push(...seed(selected, sourceSnapshots, raw, false));
    return replicate();
  }

  // A full receive onto an existing dataset replaces it: only with the force policy.
  if (targetSnapshots.length === 0) {
    if (!policy.forceOverwriteEmptyTarget) return { kind: "target-not-empty", ...names };
    notes.push(
      `${target.name} exists with no snapshots; overwriting it with a full receive (${policyReference("force")})`,
    );
    steps.push(...seed(selected, sourceSnapshots, raw, true));
    return replicate();
  }

  const base = findIncrementalBase(targetSnapshots, sourceSnapshots, source.bookmarks);
  if (base === undefined) return { kind: "no-common-snapshot", ...names, targetSnapshots };
  const targetOnly = targetSnapshots.slice(targetSnapshots.indexOf(base.onTarget) + 1);
  if (targetOnly.length > 0) {
    if (!policy.allowRollback) return { kind: "diverged", ...names, latestCommon: base.onTarget, targetOnly };
    steps.push({ kind: "rollback", dataset: target.name, to: base.onTarget, destroys: targetOnly });
    notes.push(
      `rolling ${target.name} back to @${base.onTarget.name} destroys ${atNames(targetOnly)} (${policyReference("allowRollback")})`,
    );
  }

  const toSend = selected.filter((snapshot) => snapshot.createtxg > base.onSource.createtxg);
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

function atNames(snapshots: readonly Snapshot[]): string {
  return snapshots.map((snapshot) => `@${snapshot.name}`).join(", ");
}
