import type { DatasetOutcome } from "./dataset-outcome.js";

/** The run as a whole, for the run-level series. */
export interface RunMetrics {
  /** When the run ended, seconds since the epoch. */
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly exitCode: number;
}

const LAST_SUCCESS = "zrelay_dataset_last_success_timestamp_seconds";

/**
 * Prometheus textfile-collector text: per dataset the last success time (carried
 * over from `previous` for a dataset that did not succeed this time), bytes,
 * duration and result; per run its time, duration, exit code and counts.
 */
export function renderMetrics(
  datasets: readonly DatasetOutcome[],
  run: RunMetrics,
  previous: ReadonlyMap<string, number>,
): string {
  const lines: string[] = [];
  const series = (name: string, help: string, rows: readonly [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of rows) lines.push(`${name}${labels} ${value}`);
  };
  const labelled = (d: DatasetOutcome) => labels({ job: d.job, source: d.source, target: d.target });
  const succeeded = (d: DatasetOutcome) => d.result !== "failed";

  const lastSuccess: [string, number][] = [];
  for (const d of datasets) {
    const key = labelled(d);
    const value = succeeded(d) ? run.finishedAt : previous.get(key);
    if (value !== undefined) lastSuccess.push([key, value]);
  }
  series(LAST_SUCCESS, "When the dataset was last replicated or found up to date.", lastSuccess);
  series(
    "zrelay_dataset_success",
    "1 when the dataset replicated or was up to date in the last run, else 0.",
    datasets.map((d) => [labelled(d), succeeded(d) ? 1 : 0]),
  );
  series(
    "zrelay_dataset_result",
    "Outcome of the dataset in the last run (the series with value 1).",
    datasets.map((d) => [labels({ job: d.job, source: d.source, target: d.target, result: d.result }), 1]),
  );
  series(
    "zrelay_dataset_bytes",
    "Bytes sent in the last run.",
    datasets.map((d) => [labelled(d), d.bytes]),
  );
  series(
    "zrelay_dataset_duration_seconds",
    "Time the dataset took in the last run.",
    datasets.map((d) => [labelled(d), seconds(d.durationMs)]),
  );
  series("zrelay_run_timestamp_seconds", "When the last run ended.", [["", run.finishedAt]]);
  series("zrelay_run_duration_seconds", "How long the last run took.", [["", seconds(run.durationMs)]]);
  series("zrelay_run_exit_code", "Exit code of the last run (0 all good).", [["", run.exitCode]]);
  const results = ["replicated", "up-to-date", "skipped", "failed"] as const;
  series(
    "zrelay_run_datasets",
    "Datasets of the last run by result.",
    results.map((result) => [labels({ result }), datasets.filter((d) => d.result === result).length]),
  );
  return `${lines.join("\n")}\n`;
}

/** The last-success values of a previous metrics file, by label set. */
export function parseLastSuccess(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${LAST_SUCCESS}{`)) continue;
    const end = line.lastIndexOf("} ");
    if (end === -1) continue;
    const value = Number(line.slice(end + 2));
    if (Number.isFinite(value)) values.set(line.slice(LAST_SUCCESS.length, end + 1), value);
  }
  return values;
}

function labels(pairs: Readonly<Record<string, string>>): string {
  const body = Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(",");
  return `{${body}}`;
}

// The exposition format escapes backslash, double quote and newline in label values.
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
