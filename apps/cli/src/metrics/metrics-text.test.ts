import { describe, expect, it } from "vitest";
import type { DatasetOutcome } from "./dataset-outcome.js";
import { parseLastSuccess, renderMetrics } from "./metrics-text.js";

const dataset = (source: string, result: DatasetOutcome["result"], bytes = 0): DatasetOutcome => ({
  job: "pull host-storage",
  source,
  target: `backup/hs/${source}`,
  result,
  bytes,
  durationMs: 1500,
});

describe("renderMetrics", () => {
  const run = { finishedAt: 1_767_407_400, durationMs: 2500, exitCode: 1 };

  it("writes per-dataset and per-run gauges in the textfile format", () => {
    const text = renderMetrics(
      [dataset("tank/a", "replicated", 4096), dataset('tank/"b"', "failed")],
      run,
      new Map(),
    );
    const labels = 'job="pull host-storage",source="tank/a",target="backup/hs/tank/a"';
    expect(text).toContain(`zrelay_dataset_last_success_timestamp_seconds{${labels}} 1767407400\n`);
    expect(text).toContain(`zrelay_dataset_success{${labels}} 1\n`);
    expect(text).toContain(`zrelay_dataset_bytes{${labels}} 4096\n`);
    expect(text).toContain(`zrelay_dataset_duration_seconds{${labels}} 1.5\n`);
    expect(text).toContain(`zrelay_dataset_result{${labels},result="replicated"} 1\n`);
    expect(text).toContain('zrelay_dataset_success{job="pull host-storage",source="tank/\\"b\\""');
    expect(text).toContain("zrelay_run_exit_code 1\n");
    expect(text).toContain('zrelay_run_datasets{result="failed"} 1\n');
    expect(text).toContain("# TYPE zrelay_run_duration_seconds gauge\nzrelay_run_duration_seconds 2.5\n");
  });

  it("keeps the last success time of a dataset that failed this time", () => {
    const before = renderMetrics([dataset("tank/a", "up-to-date")], { ...run, finishedAt: 1000 }, new Map());
    const after = renderMetrics([dataset("tank/a", "failed")], run, parseLastSuccess(before));
    expect(after).toContain(
      'zrelay_dataset_last_success_timestamp_seconds{job="pull host-storage",source="tank/a",target="backup/hs/tank/a"} 1000\n',
    );
    expect(after).toContain(
      'zrelay_dataset_success{job="pull host-storage",source="tank/a",target="backup/hs/tank/a"} 0\n',
    );
  });

  it("has no last success for a dataset that never succeeded", () => {
    const text = renderMetrics([dataset("tank/a", "failed")], run, new Map());
    expect(text).not.toMatch(/^zrelay_dataset_last_success_timestamp_seconds\{/m);
  });
});
