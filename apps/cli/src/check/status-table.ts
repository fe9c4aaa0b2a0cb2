import { ago, type SeverityName } from "./dataset-freshness.js";
import { formatAge } from "./duration-text.js";
import type { JobFreshness } from "./monitored-jobs.js";

/** The widest line `zrelay status` prints. */
export const STATUS_WIDTH = 100;

const MARK: Readonly<Record<SeverityName, string>> = {
  OK: "ok",
  WARNING: "WARN",
  CRITICAL: "CRIT",
  UNKNOWN: "UNKN",
};
// Red, yellow, magenta; OK stays plain so the problems stand out.
const COLOUR: Readonly<Record<SeverityName, string | undefined>> = {
  OK: undefined,
  WARNING: "33",
  CRITICAL: "31",
  UNKNOWN: "35",
};

/**
 * `zrelay status`: per job a heading (hosts, last run, its error), then one line
 * per dataset, worst first: state, source, target, age of the newest target
 * snapshot, lag behind the source's newest, the last result and when; under a
 * dataset that is not OK, what is wrong (the last error included). Every line
 * fits STATUS_WIDTH; long names are shortened in the middle.
 */
export function statusLines(jobs: readonly JobFreshness[], now: number, colour: boolean): string[] {
  const paint = (severity: SeverityName, text: string) => {
    const code = COLOUR[severity];
    return colour && code !== undefined ? `\u001b[${code}m${text}\u001b[39m` : text;
  };
  const datasets = jobs.flatMap((job) => job.datasets);
  const sourceWidth = columnWidth(
    datasets.map((d) => d.record.source),
    "SOURCE",
    26,
  );
  const targetWidth = columnWidth(
    datasets.map((d) => d.record.target),
    "TARGET",
    30,
  );
  const row = (mark: string, source: string, target: string, age: string, lag: string, result: string) =>
    [
      mark.padEnd(4),
      fit(source, sourceWidth).padEnd(sourceWidth),
      fit(target, targetWidth).padEnd(targetWidth),
      age.padStart(6),
      lag.padStart(6),
      cut(result, 20),
    ]
      .join("  ")
      .trimEnd();
  const lines = [row("", "SOURCE", "TARGET", "AGE", "LAG", "LAST RUN")];
  for (const job of jobs) {
    // A job that cannot be judged has only its reason to show: all of it, wrapped.
    if (job.problem !== undefined) lines.push(...wrap(`${job.job}: ${job.problem}`, STATUS_WIDTH, "      "));
    else lines.push(cut(jobHeading(job, now), STATUS_WIDTH));
    for (const d of job.datasets) {
      const line = row(
        MARK[d.severity],
        d.record.source,
        d.record.target === "" ? "-" : d.record.target,
        d.ageSeconds === null ? "-" : formatAge(d.ageSeconds),
        d.lagSeconds === null ? "-" : formatAge(d.lagSeconds),
        `${d.record.result} ${ago(now, d.record.lastAttempt)}`,
      );
      lines.push(paint(d.severity, line));
      // What is wrong, under the line it is about: a message cut to a column says too little.
      if (d.severity !== "OK" && d.problem !== undefined) lines.push(cut(`      ${d.problem}`, STATUS_WIDTH));
    }
  }
  return lines;
}

function jobHeading(job: JobFreshness, now: number): string {
  const state = job.state;
  if (state === undefined) return `${job.job}: no state`;
  const error = state.lastRun.error;
  const run = `last run ${ago(now, state.lastRun.finishedAt)}${error === null ? "" : `, failed: ${error.message}`}`;
  return `${job.job} (${state.kind} ${state.sourceHost} → ${state.targetHost}): ${run}`;
}

function columnWidth(values: readonly string[], title: string, most: number): number {
  return Math.min(most, Math.max(title.length, ...values.map((value) => value.length)));
}

/** `text` cut to `width` characters, the middle replaced by `…` (dataset names differ at both ends). */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  const keep = width - 1;
  const front = Math.ceil(keep / 2);
  return `${text.slice(0, front)}…${text.slice(text.length - (keep - front))}`;
}

/** `text` cut to `width` characters at its end: for messages, whose start says what happened. */
function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `text` in lines of at most `width`, broken at spaces (a path longer than a line stays whole). */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (next.length > width && line.trim() !== "") {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}
