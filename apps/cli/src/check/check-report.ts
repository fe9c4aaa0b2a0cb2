import { type DatasetFreshness, Severity, type SeverityName, worstOf } from "./dataset-freshness.js";
import { formatAge } from "./duration-text.js";
import type { JobFreshness } from "./monitored-jobs.js";

/** What `zrelay check` prints and exits with. */
export interface CheckReport {
  readonly lines: readonly string[];
  readonly exitCode: number;
}

const SHOWN_IN_SUMMARY = 3;

/**
 * Nagios/Icinga plugin output: the summary line first (`ZRELAY CRITICAL - 2 of
 * 40 datasets older than 50h: …`), then one line per problem, worst first, then
 * `|` and the perfdata: per dataset its age (with warn and crit) and lag, in
 * seconds, and the counts.
 */
export function checkReport(jobs: readonly JobFreshness[]): CheckReport {
  const datasets = jobs.flatMap((job) => job.datasets);
  const severity = worstOf(jobs.map((job) => job.severity));
  const problems = [
    ...jobs.filter((job) => job.problem !== undefined).map((job) => `UNKNOWN: ${job.problem}`),
    ...datasets
      .filter((d) => d.severity !== "OK")
      .map((d) => `${d.severity}: ${d.record.source} (job ${d.job}): ${d.problem}`),
  ];
  const perDataset = datasetPerfdata(datasets);
  return {
    lines: [
      `ZRELAY ${severity} - ${summaryOf(severity, jobs, datasets)} | ${countPerfdata(datasets).join(" ")}`,
      ...problems,
      ...(perDataset.length > 0 ? [`| ${perDataset.join(" ")}`] : []),
    ],
    exitCode: Severity[severity],
  };
}

function summaryOf(
  severity: SeverityName,
  jobs: readonly JobFreshness[],
  datasets: readonly DatasetFreshness[],
): string {
  const total = `${datasets.length} dataset${datasets.length === 1 ? "" : "s"}`;
  if (severity === "OK") {
    const oldest = Math.max(0, ...datasets.map((d) => d.ageSeconds ?? 0));
    return `${total} fresh, the oldest newest snapshot is ${formatAge(oldest)} old`;
  }
  const matching = datasets.filter((d) => d.severity === severity);
  const brokenJobs = jobs.filter((job) => job.problem !== undefined && job.severity === severity);
  const names = [...brokenJobs.map((job) => `job ${job.job}`), ...matching.map((d) => d.record.source)];
  const shown = names.slice(0, SHOWN_IN_SUMMARY).join(", ");
  const more = names.length > SHOWN_IN_SUMMARY ? ` and ${names.length - SHOWN_IN_SUMMARY} more` : "";
  const crits = new Set(matching.map((d) => d.thresholds.crit));
  const what =
    severity === "CRITICAL"
      ? crits.size === 1
        ? `older than ${formatAge([...crits][0] ?? 0)}`
        : "past their critical age"
      : severity === "WARNING"
        ? "need attention"
        : "cannot be judged";
  const count =
    matching.length > 0
      ? `${matching.length} of ${total} ${what}`
      : `${brokenJobs.length} job${brokenJobs.length === 1 ? "" : "s"} ${what}`;
  return `${count}: ${shown}${more}`;
}

function countPerfdata(datasets: readonly DatasetFreshness[]): string[] {
  const count = (severity: SeverityName) => datasets.filter((d) => d.severity === severity).length;
  return [
    `datasets=${datasets.length}`,
    `ok=${count("OK")}`,
    `warning=${count("WARNING")}`,
    `critical=${count("CRITICAL")}`,
    `unknown=${count("UNKNOWN")}`,
  ];
}

/** Per dataset its age (with warn and crit, in seconds) and lag: on the last line, after the problems. */
function datasetPerfdata(datasets: readonly DatasetFreshness[]): string[] {
  return datasets.flatMap((d) => {
    const label = `${d.job}:${d.record.source}`;
    const age = d.ageSeconds === null ? "U" : `${d.ageSeconds}s`;
    const lag = d.lagSeconds === null ? "U" : `${d.lagSeconds}s`;
    return [
      `${quoted(`${label} age`)}=${age};${d.thresholds.warn};${d.thresholds.crit};0`,
      `${quoted(`${label} lag`)}=${lag};;;0`,
    ];
  });
}

// Perfdata labels are quoted with single quotes, a quote inside doubled; `=` and spaces are then allowed.
function quoted(label: string): string {
  return `'${label.replace(/'/g, "''")}'`;
}
