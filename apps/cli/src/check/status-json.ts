import type { DatasetFreshness } from "./dataset-freshness.js";
import type { JobFreshness } from "./monitored-jobs.js";

/** `zrelay status --json`: one document, jobs and datasets worst first, ages in seconds. */
export function statusJson(jobs: readonly JobFreshness[], severity: string, now: number) {
  return {
    time: new Date(now * 1000).toISOString(),
    severity,
    jobs: jobs.map((job) => ({
      job: job.job,
      severity: job.severity,
      problem: job.problem ?? null,
      state: job.path ?? null,
      kind: job.state?.kind ?? null,
      config: job.state?.config ?? null,
      sourceHost: job.state?.sourceHost ?? null,
      targetHost: job.state?.targetHost ?? null,
      lastRun: job.state?.lastRun ?? null,
      datasets: job.datasets.map(datasetJson),
    })),
  };
}

function datasetJson(d: DatasetFreshness) {
  const { record } = d;
  return {
    source: record.source,
    target: record.target,
    severity: d.severity,
    problem: d.problem ?? null,
    ageSeconds: d.ageSeconds,
    lagSeconds: d.lagSeconds,
    sourceAgeSeconds: d.sourceAgeSeconds,
    result: record.result,
    lastAttempt: record.lastAttempt,
    lastSuccess: record.lastSuccess,
    error: record.error,
    targetNewest: record.targetNewest,
    sourceNewest: record.sourceNewest,
    thresholds: d.thresholds,
  };
}
