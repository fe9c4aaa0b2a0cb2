import type { ZrelayError } from "../errors/zrelay-error.js";
import { describeConflict } from "../planner/conflict-error.js";
import type { PlanConflict } from "../planner/plan-conflict.js";
import type { DatasetPlan, PlanResult } from "../planner/plan-types.js";
import type { DatasetResult } from "./dataset-execution.js";

/** A planner conflict with the error that reports it; the conflict's data stays beside it. */
export type DescribedConflict = PlanConflict & {
  /** Says what diverged and what to do (code CONFLICT_*), naming the target's host. */
  readonly error: ZrelayError;
};

/**
 * One dataset handed to `executeRun`: the planner's DatasetPlan, its conflict, or a
 * dataset a route refused before planning (the raw push refuses an unencrypted
 * source). A refused dataset fails, and the executor skips its children, as it
 * does for a parent that failed while running.
 */
export type RunDataset =
  | DatasetPlan
  | DescribedConflict
  | {
      readonly outcome: "refused";
      readonly source: string;
      readonly target: string;
      readonly error: ZrelayError;
    };

/** What `planDataset` returned, as `executeRun` takes it; `targetHost` names the target in conflict messages. */
export function toRunDataset(planned: PlanResult, targetHost: string): DatasetPlan | DescribedConflict {
  if (planned.outcome !== "conflict") return planned;
  return { ...planned, error: describeConflict(planned, { host: targetHost }) };
}

/** How one dataset ended in a run. */
export type DatasetReport =
  | DatasetResult
  | {
      readonly outcome: "failed";
      readonly source: string;
      readonly target: string;
      readonly error: ZrelayError;
    }
  | {
      readonly outcome: "conflict";
      readonly source: string;
      readonly target: string;
      readonly error: ZrelayError;
      /** What the planner found, for reporters that hand it on (`--json`). */
      readonly conflict: PlanConflict;
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
