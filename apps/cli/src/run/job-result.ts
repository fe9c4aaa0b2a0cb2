import type { JobPlan, RunReport, ZrelayError } from "@zrelay/core";
import type { ExitCode } from "../cli/exit-codes.js";
import type { DatasetOutcome } from "../metrics/dataset-outcome.js";
import type { RunTally } from "../output/run-reporter.js";
import type { ObservedRun } from "../state/run-state-update.js";

/** How one job ended. */
export interface JobResult {
  readonly job: string;
  /** Per dataset, for metrics and the summary; empty when the job could not plan. */
  readonly outcomes: readonly DatasetOutcome[];
  readonly exitCode: ExitCode;
  /** What the run state records; absent when the job did not run (its lock was held). */
  readonly observed?: ObservedRun;
  /** Snapshots retention destroyed (plan mode: would destroy). */
  readonly pruned?: number;
}

/** What the executor did to each dataset, plus the roots that were missing. */
export function outcomesOfRun(job: string, plan: JobPlan, report: RunReport): DatasetOutcome[] {
  const planned = new Map(plan.datasets.map((d) => [d.source, d.outcome]));
  const outcomes = report.datasets.map((d): DatasetOutcome => {
    const names = { job, source: d.source, target: d.target };
    switch (d.outcome) {
      case "replicated":
        return { ...names, result: "replicated", bytes: d.bytes, durationMs: d.durationMs };
      case "up-to-date":
        return { ...names, result: "up-to-date", bytes: 0, durationMs: 0 };
      case "skipped":
        // Skipped by the planner (nothing to send) is fine; skipped because a parent failed is not.
        return {
          ...names,
          result: planned.get(d.source) === "skip" ? "skipped" : "failed",
          bytes: 0,
          durationMs: 0,
        };
      default:
        return { ...names, result: "failed", bytes: 0, durationMs: 0 };
    }
  });
  return [...missingOutcomes(job, plan.missingRoots), ...outcomes];
}

/** What plan mode would do to each dataset: a conflict, refusal or missing root counts as failing. */
export function outcomesOfPlan(job: string, plan: JobPlan): DatasetOutcome[] {
  const outcomes = plan.datasets.map((d): DatasetOutcome => {
    const result = {
      replicate: "replicated",
      "up-to-date": "up-to-date",
      skip: "skipped",
      conflict: "failed",
      refused: "failed",
    } as const;
    return { job, source: d.source, target: d.target, result: result[d.outcome], bytes: 0, durationMs: 0 };
  });
  return [...missingOutcomes(job, plan.missingRoots), ...outcomes];
}

function missingOutcomes(job: string, missing: readonly ZrelayError[]): DatasetOutcome[] {
  return missing.map((error) => ({
    job,
    source: error.dataset ?? "",
    target: "",
    result: "failed",
    bytes: 0,
    durationMs: 0,
  }));
}

/** The counts of the summary line, over every job. */
export function tallyOf(results: readonly JobResult[], durationMs: number): RunTally {
  const outcomes = results.flatMap((r) => r.outcomes);
  const count = (result: DatasetOutcome["result"]) => outcomes.filter((o) => o.result === result).length;

  return {
    replicated: count("replicated"),
    upToDate: count("up-to-date"),
    skipped: count("skipped"),
    failed: count("failed"),
    jobsNotRun: results.filter((r) => r.outcomes.length === 0 && r.exitCode !== 0).length,
    bytes: outcomes.reduce((sum, o) => sum + o.bytes, 0),
    durationMs,
    pruned: results.reduce((sum, r) => sum + (r.pruned ?? 0), 0),
  };
}
