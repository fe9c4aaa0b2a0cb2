import type { DatasetMetrics } from "../metrics/dataset-outcome.js";
import type { JobResult } from "../run/job-result.js";
import type { JobState } from "./run-state-format.js";

/**
 * The datasets of a job as the metrics file shows them: every dataset its state
 * knows (so a host that was down keeps its series, failed), else the outcomes of
 * this run alone.
 */
export function datasetMetricsOf(result: JobResult, state: JobState | undefined): DatasetMetrics[] {
  if (state === undefined) {
    return result.outcomes.map((outcome) => ({
      ...outcome,
      lastSuccess: null,
      targetNewestCreation: null,
      sourceNewestCreation: null,
    }));
  }
  return Object.values(state.datasets).map((record) => ({
    job: state.job,
    source: record.source,
    target: record.target,
    result: record.result,
    bytes: record.bytes,
    durationMs: record.durationMs,
    lastSuccess: record.lastSuccess,
    targetNewestCreation: record.targetNewest?.creation ?? null,
    sourceNewestCreation: record.sourceNewest?.creation ?? null,
  }));
}
