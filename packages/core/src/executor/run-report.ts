import type { ZrelayError } from "../errors/zrelay-error.js";
import { describeConflict } from "../planner/conflict-error.js";
import { isPlanConflict, type PlanConflict } from "../planner/plan-conflict.js";
import type { DatasetPlan } from "../planner/plan-types.js";
import type { DatasetResult } from "./dataset-execution.js";

/**
 * One dataset handed to `executeRun`: the planner's DatasetPlan, or, when the
 * planner refused, the conflict as a ZrelayError (built from the PlanConflict).
 */
export type RunDataset =
  | DatasetPlan
  | {
      readonly outcome: "conflict";
      readonly source: string;
      readonly target: string;
      /** Says what diverged and what to do (code CONFLICT_*). */
      readonly error: ZrelayError;
    };

/** What `planDataset` returned, as `executeRun` takes it; `targetHost` names the target in conflict messages. */
export function toRunDataset(planned: DatasetPlan | PlanConflict, targetHost: string): RunDataset {
  if (!isPlanConflict(planned)) return planned;
  const error = describeConflict(planned, { host: targetHost });
  return { outcome: "conflict", source: planned.source, target: planned.target, error };
}

/** How one dataset ended in a run. */
export type DatasetReport =
  | DatasetResult
  | {
      readonly outcome: "failed" | "conflict";
      readonly source: string;
      readonly target: string;
      readonly error: ZrelayError;
    };

export interface RunTotals {
  readonly datasets: number;
  readonly replicated: number;
  readonly upToDate: number;
  readonly skipped: number;
  readonly failed: number;
  readonly conflicts: number;
  /** Bytes moved, summed over every dataset. */
  readonly bytes: number;
  /** Snapshots that arrived, summed over every dataset. */
  readonly snapshots: number;
}

export interface RunReport {
  /** One entry per input dataset, in input order. */
  readonly datasets: readonly DatasetReport[];
  readonly totals: RunTotals;
  /** True when the signal fired; unfinished datasets are failed or skipped. */
  readonly cancelled: boolean;
  readonly durationMs: number;
}

export function runTotalsOf(datasets: readonly DatasetReport[]): RunTotals {
  const count = (outcome: DatasetReport["outcome"]) => datasets.filter((d) => d.outcome === outcome).length;
  let bytes = 0;
  let snapshots = 0;
  for (const dataset of datasets) {
    if (dataset.outcome !== "replicated") continue;
    bytes += dataset.bytes;
    snapshots += dataset.snapshots.length;
  }
  return {
    datasets: datasets.length,
    replicated: count("replicated"),
    upToDate: count("up-to-date"),
    skipped: count("skipped"),
    failed: count("failed"),
    conflicts: count("conflict"),
    bytes,
    snapshots,
  };
}
