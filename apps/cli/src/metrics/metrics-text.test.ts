import { describe, expect, it } from "vitest";
import type { DatasetMetrics } from "./dataset-outcome.js";
import { renderMetrics } from "./metrics-text.js";

const dataset = (source: string, result: DatasetMetrics["result"], more: Partial<DatasetMetrics> = {}) => ({
  job: "pull host-storage",
  source,
  target: `backup/hs/${source}`,
  result,
  bytes: 0,
  durationMs: 1500,
  lastSuccess: null,
  targetNewestCreation: null,
  sourceNewestCreation: null,
  ...more,
});

describe("renderMetrics", () => {
  const run = { finishedAt: 1_767_407_400, durationMs: 2500, exitCode: 1 };
  const labels = 'job="pull host-storage",source="tank/a",target="backup/hs/tank/a"';

  it("writes per-dataset, per-job and per-run gauges in the textfile format", () => {
    const text = renderMetrics(
      [
        dataset("tank/a", "replicated", {
          bytes: 4096,
          lastSuccess: 1_767_407_400,
          targetNewestCreation: 1_767_400_000,
          sourceNewestCreation: 1_767_403_600,
        }),
        dataset('tank/"b"', "failed"),
      ],
      [{ job: "pull host-storage", reached: true }],
      run,
    );
    expect(text).toContain(`zrelay_dataset_last_success_timestamp_seconds{${labels}} 1767407400\n`);
    expect(text).toContain(`zrelay_dataset_target_newest_snapshot_timestamp_seconds{${labels}} 1767400000\n`);
    expect(text).toContain(`zrelay_dataset_lag_seconds{${labels}} 3600\n`);
    expect(text).toContain(`zrelay_dataset_success{${labels}} 1\n`);
    expect(text).toContain(`zrelay_dataset_bytes{${labels}} 4096\n`);
    expect(text).toContain(`zrelay_dataset_duration_seconds{${labels}} 1.5\n`);
    expect(text).toContain(`zrelay_dataset_result{${labels},result="replicated"} 1\n`);
    expect(text).toContain(`zrelay_dataset_result{${labels},result="failed"} 0\n`);
    expect(text).toContain('zrelay_dataset_success{job="pull host-storage",source="tank/\\"b\\""');
    expect(text).toContain('zrelay_job_success{job="pull host-storage"} 1\n');
    expect(text).toContain("zrelay_run_exit_code 1\n");
    expect(text).toContain('zrelay_run_datasets{result="failed"} 1\n');
    expect(text).toContain("# TYPE zrelay_run_duration_seconds gauge\nzrelay_run_duration_seconds 2.5\n");
  });

  it("has no last success, newest snapshot or lag for a dataset that never had them", () => {
    const text = renderMetrics([dataset("tank/a", "failed")], [], run);
    expect(text).not.toMatch(/^zrelay_dataset_last_success_timestamp_seconds\{/m);
    expect(text).not.toMatch(/^zrelay_dataset_target_newest_snapshot_timestamp_seconds\{/m);
    expect(text).not.toMatch(/^zrelay_dataset_lag_seconds\{/m);
    expect(text).toContain(`zrelay_dataset_result{${labels},result="failed"} 1\n`);
  });
});
