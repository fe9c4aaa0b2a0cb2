import type { ZrelayConfig } from "../config/index.js";
import { selectJobs } from "../config/index.js";
import { readAllJobStates, readJobState, type StateLoad } from "../state/run-state-file.js";
import type { JobState } from "../state/run-state-format.js";
import {
  assessDataset,
  bySeverity,
  type DatasetFreshness,
  type SeverityName,
  type Thresholds,
  worstOf,
} from "./dataset-freshness.js";

/** One job as status and check see it: its state, judged. */
export interface JobFreshness {
  readonly job: string;
  readonly state: JobState | undefined;
  /** Where its state is (or should be). */
  readonly path: string | undefined;
  /** Why the job as a whole cannot be judged: no state, unreadable state, never completed a run. */
  readonly problem: string | undefined;
  /** Its datasets, worst first. */
  readonly datasets: readonly DatasetFreshness[];
  readonly severity: SeverityName;
}

/** What status and check look at: the config's jobs (or every recorded job) and their thresholds. */
export interface MonitoringScope {
  readonly directory: string;
  /** Undefined: no config file; the jobs are those the state directory holds. */
  readonly config: ZrelayConfig | undefined;
  readonly names: readonly string[];
  /** The flags' thresholds, for jobs that set none of their own. */
  readonly thresholds: Thresholds;
  /** `status --live`: what the hosts hold now, by job, instead of the state files. */
  readonly live?: ReadonlyMap<string, StateLoad> | undefined;
}

/**
 * Every job in scope, judged at `now` (seconds), worst first. Never throws for
 * a state that is missing or corrupt: that job is UNKNOWN, saying which file.
 * Throws USAGE (from selectJobs) for a job name the config does not have.
 */
export function assessJobs(scope: MonitoringScope, now: number): JobFreshness[] {
  const jobs: { name: string; load: StateLoad; thresholds: Thresholds }[] = [];
  if (scope.config !== undefined) {
    for (const job of selectJobs(scope.config, scope.names)) {
      const { checkWarn, checkCrit, checkSourceWarn } = job.options;
      const warn = checkWarn ?? scope.thresholds.warn;
      const thresholds = {
        warn,
        crit: checkCrit ?? scope.thresholds.crit,
        sourceWarn: checkSourceWarn ?? (checkWarn === undefined ? scope.thresholds.sourceWarn : warn),
      };
      const load = scope.live?.get(job.name) ?? readJobState(scope.directory, job.name);
      jobs.push({ name: job.name, load, thresholds });
    }
  } else {
    const loads =
      scope.names.length > 0
        ? scope.names.map((name) => readJobState(scope.directory, name))
        : readAllJobStates(scope.directory);
    for (const load of loads) {
      const name = load.kind === "found" ? load.state.job : decodeURIComponent(baseName(load.path));
      jobs.push({ name, load, thresholds: scope.thresholds });
    }
  }
  return jobs.map(({ name, load, thresholds }) => assessJob(name, load, thresholds, now)).sort(worstJobFirst);
}

function assessJob(name: string, load: StateLoad, thresholds: Thresholds, now: number): JobFreshness {
  const unknown = (problem: string): JobFreshness => ({
    job: name,
    state: load.kind === "found" ? load.state : undefined,
    path: load.path,
    problem,
    datasets: [],
    severity: "UNKNOWN",
  });
  if (load.kind === "missing")
    return unknown(`job ${name} has no run state (${load.path}): it has not run yet`);
  if (load.kind === "unreadable") return unknown(`cannot read the run state ${load.path}: ${load.problem}`);
  const { state } = load;
  const datasets = Object.values(state.datasets)
    .map((record) => assessDataset(state, record, thresholds, now))
    .sort(worstDatasetFirst);
  if (datasets.length === 0) {
    const error = state.lastRun.error;
    return unknown(`job ${name} has never completed a run${error === null ? "" : `: ${error.message}`}`);
  }
  return {
    job: name,
    state,
    path: load.path,
    problem: undefined,
    datasets,
    severity: worstOf(datasets.map((d) => d.severity)),
  };
}

function worstDatasetFirst(a: DatasetFreshness, b: DatasetFreshness): number {
  return (
    bySeverity(a.severity, b.severity) ||
    (b.ageSeconds ?? Infinity) - (a.ageSeconds ?? Infinity) ||
    a.record.source.localeCompare(b.record.source)
  );
}

function worstJobFirst(a: JobFreshness, b: JobFreshness): number {
  return bySeverity(a.severity, b.severity) || a.job.localeCompare(b.job);
}

function baseName(path: string): string {
  return (path.split("/").at(-1) ?? path).replace(/\.json$/, "");
}
