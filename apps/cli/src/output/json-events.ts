import type { PlanConflict, PlanStep, RunDataset, Snapshot, ZrelayError } from "@zrelay/core";
import type { Wording } from "./output-tiers.js";
import { describeStep } from "./plan-lines.js";

/** One NDJSON event, its strings worded as the human lines are (policies as the user spells them). */
export function jsonLine(event: object, wording: Wording): string {
  return `${JSON.stringify(event, (_key, value: unknown) => (typeof value === "string" ? wording(value) : value))}\n`;
}

/** A snapshot in JSON: guid and createtxg as decimal strings (they exceed 2^53). */
export function snapshotJson(snapshot: Snapshot) {
  return {
    name: snapshot.name,
    guid: snapshot.guid.toString(),
    createtxg: snapshot.createtxg.toString(),
  };
}

/** A plan step in JSON: its kind, the sentence `plan` prints, and the snapshots it moves or destroys. */
export function stepJson(step: PlanStep, target: string) {
  const line = describeStep(step, target);
  const base = { kind: step.kind, text: line.text, destructive: line.destructive };
  switch (step.kind) {
    case "full":
    case "resume":
      return { ...base, raw: step.raw, snapshots: [snapshotJson(step.snapshot)] };
    case "incremental":
      return {
        ...base,
        raw: step.raw,
        from: `${step.from.kind === "bookmark" ? "#" : "@"}${step.from.name}`,
        snapshots: step.snapshots.map(snapshotJson),
      };
    case "rollback":
      return {
        ...base,
        to: snapshotJson(step.to),
        destroys: step.destroys.map(snapshotJson),
        discardsWritten: step.discardsWritten ?? 0,
      };
    default:
      return base;
  }
}

/**
 * A planner conflict in JSON: its kind and the snapshots it is about, guids
 * included, so a monitor can tell which snapshots diverged without parsing text.
 */
export function conflictJson(conflict: PlanConflict) {
  const kind = { kind: conflict.kind };
  switch (conflict.kind) {
    case "diverged":
      return {
        ...kind,
        latestCommon: snapshotJson(conflict.latestCommon),
        targetOnly: conflict.targetOnly.map(snapshotJson),
      };
    case "no-common-snapshot":
      return { ...kind, targetSnapshots: conflict.targetSnapshots.map(snapshotJson) };
    case "modified":
      return { ...kind, latest: snapshotJson(conflict.latest), written: conflict.written };
    case "target-not-empty":
      return kind;
  }
}

/** What `plan --json` says about a dataset the planner did not refuse. */
export function planJson(dataset: Exclude<RunDataset, { outcome: "conflict" | "refused" }>) {
  const names = { source: dataset.source, target: dataset.target };
  switch (dataset.outcome) {
    case "replicate":
      return {
        ...names,
        outcome: "replicate",
        steps: dataset.steps.map((step) => stepJson(step, dataset.target)),
        notes: dataset.notes,
      };
    case "up-to-date":
      return { ...names, outcome: "up-to-date", latest: snapshotJson(dataset.latest) };
    case "skip":
      return { ...names, outcome: "skip", reason: dataset.reason };
  }
}

/** An error with its stable code, for monitoring. */
export function errorJson(error: ZrelayError) {
  return {
    code: error.code,
    message: error.message,
    hint: error.hint ?? null,
    host: error.host ?? null,
    dataset: error.dataset ?? null,
    retryable: error.retryable,
  };
}
