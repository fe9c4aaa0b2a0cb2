import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { DatasetOutcome } from "./dataset-outcome.js";
import { parseLastSuccess, type RunMetrics, renderMetrics } from "./metrics-text.js";

/**
 * Writes the metrics of a run to `path` for node_exporter's textfile collector:
 * into a temporary file beside it, then renamed over it, so the collector never
 * reads half a file. Last-success times of datasets that failed this time are
 * kept from the previous file.
 */
export function writeMetricsFile(path: string, datasets: readonly DatasetOutcome[], run: RunMetrics): void {
  let previous = new Map<string, number>();
  try {
    previous = parseLastSuccess(readFileSync(path, "utf8"));
  } catch {
    // No previous file: nothing to carry over.
  }
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, renderMetrics(datasets, run, previous), { mode: 0o644 });
  renameSync(temporary, path);
}
