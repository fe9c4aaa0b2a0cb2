import type { DatasetMetrics } from "./dataset-outcome.js";

/** The run as a whole, for the run-level series. */
export interface RunMetrics {
  /** When the run ended, seconds since the epoch. */
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly exitCode: number;
}

/** A job of the run and whether it got as far as listing both sides. */
export interface JobMetrics {
  readonly job: string;
  /** 0 when the job failed as a whole (host unreachable, listing failed). */
  readonly reached: boolean;
}

const RESULTS = ["replicated", "up-to-date", "skipped", "failed"] as const;

/**
 * Prometheus textfile-collector text. Per dataset (every dataset the run state
 * knows for the jobs of the run, also those whose host was down): the last
 * success, the newest target snapshot's creation time, the lag behind the
 * source's newest, the result, bytes and duration of the last run. Per job
 * whether it ran; per run its time, duration, exit code and counts.
 */
export function renderMetrics(
  datasets: readonly DatasetMetrics[],
  jobs: readonly JobMetrics[],
  run: RunMetrics,
): string {
  const lines: string[] = [];
  const series = (name: string, help: string, rows: readonly [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of rows) lines.push(`${name}${labels} ${value}`);
  };
  const labelled = (d: DatasetMetrics) => labels({ job: d.job, source: d.source, target: d.target });
  const succeeded = (d: DatasetMetrics) => d.result !== "failed";
  const present = <T>(rows: readonly (readonly [string, T | null])[]) =>
    rows.filter((row): row is [string, T] => row[1] !== null);

  series(
    "zrelay_dataset_last_success_timestamp_seconds",
    "When a run last left the target holding the source's newest snapshot.",
    present(datasets.map((d) => [labelled(d), d.lastSuccess])),
  );
  series(
    "zrelay_dataset_target_newest_snapshot_timestamp_seconds",
    "Creation time of the newest snapshot on the target.",
    present(datasets.map((d) => [labelled(d), d.targetNewestCreation])),
  );
  series(
    "zrelay_dataset_source_newest_snapshot_timestamp_seconds",
    "Creation time of the newest source snapshot the job replicates, as last listed.",
    present(datasets.map((d) => [labelled(d), d.sourceNewestCreation])),
  );
  series(
    "zrelay_dataset_lag_seconds",
    "How much older the target's newest snapshot is than the source's newest (0: caught up).",
    present(datasets.map((d) => [labelled(d), lagOf(d)])),
  );
  series(
    "zrelay_dataset_success",
    "1 when the dataset replicated, was up to date or had nothing to send in the last run, else 0.",
    datasets.map((d) => [labelled(d), succeeded(d) ? 1 : 0]),
  );
  series(
    "zrelay_dataset_result",
    "Outcome of the dataset in the last run (the series with value 1).",
    datasets.flatMap((d) =>
      RESULTS.map((result): [string, number] => [
        labels({ job: d.job, source: d.source, target: d.target, result }),
        d.result === result ? 1 : 0,
      ]),
    ),
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
  series(
    "zrelay_job_success",
    "1 when the job reached both sides in the last run, 0 when it failed as a whole.",
    jobs.map((j) => [labels({ job: j.job }), j.reached ? 1 : 0]),
  );
  series("zrelay_run_timestamp_seconds", "When the last run ended.", [["", run.finishedAt]]);
  series("zrelay_run_duration_seconds", "How long the last run took.", [["", seconds(run.durationMs)]]);
  series("zrelay_run_exit_code", "Exit code of the last run (0 all good).", [["", run.exitCode]]);
  series(
    "zrelay_run_datasets",
    "Datasets of the last run by result.",
    RESULTS.map((result) => [labels({ result }), datasets.filter((d) => d.result === result).length]),
  );
  return `${lines.join("\n")}\n`;
}

function lagOf(d: DatasetMetrics): number | null {
  if (d.targetNewestCreation === null || d.sourceNewestCreation === null) return null;
  return Math.max(0, d.sourceNewestCreation - d.targetNewestCreation);
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
