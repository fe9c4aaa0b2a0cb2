import { accessSync, constants, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { DatasetMetrics } from "./dataset-outcome.js";
import { type JobMetrics, type RunMetrics, renderMetrics } from "./metrics-text.js";

/**
 * Writes the metrics of a run to `path` for node_exporter's textfile collector:
 * into a temporary file beside it, then renamed over it, so the collector never
 * reads half a file.
 */
export function writeMetricsFile(
  path: string,
  datasets: readonly DatasetMetrics[],
  jobs: readonly JobMetrics[],
  run: RunMetrics,
): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, renderMetrics(datasets, jobs, run), { mode: 0o644 });
  renameSync(temporary, path);
}

/** Why the metrics file cannot be written, checked before a run starts; undefined when it can. */
export function metricsDirectoryProblem(path: string): string | undefined {
  const directory = dirname(path);
  try {
    if (!statSync(directory).isDirectory()) return `${directory} is not a directory`;
    accessSync(directory, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `its directory ${directory} does not exist`;
    if (code === "EACCES" || code === "EPERM")
      return `its directory ${directory} is not writable by this user`;
    return String(error);
  }
}
