import { performance } from "node:perf_hooks";
import { type ExecuteDatasetOptions, executeDatasetPlan } from "./dataset-execution.js";
import { emitEvent } from "./event-emission.js";
import { asDatasetError } from "./executor-errors.js";
import { nearestParents } from "./run-parents.js";
import { type DatasetReport, type RunDataset, type RunReport, runTotalsOf } from "./run-report.js";

export interface ExecuteRunOptions extends ExecuteDatasetOptions {
  /**
   * How many datasets replicate at once. Default 1. Whatever the value, a dataset
   * starts only after its parent (by target name) in the same run has finished.
   */
  readonly concurrency?: number | undefined;
}

/** The ancestor whose failure (or refusal before planning) skips a dataset. */
interface Blocker {
  readonly target: string;
  readonly refused: boolean;
}

/**
 * Replicates every dataset of a run. One dataset failing does not stop the others,
 * but a dataset whose parent failed (or was refused) is skipped: replicating it would create an
 * empty canmount=off parent that then blocks the parent's own full receive.
 * Never rejects: every outcome, failures included, is in the report.
 */
export async function executeRun(
  datasets: readonly RunDataset[],
  options: ExecuteRunOptions,
): Promise<RunReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const parents = nearestParents(datasets.map((dataset) => dataset.target));
  const reports: (DatasetReport | undefined)[] = datasets.map(() => undefined);
  // For a dataset skipped because an ancestor failed or was refused: that ancestor.
  const failedAncestor: (Blocker | undefined)[] = datasets.map(() => undefined);
  const requested = options.concurrency ?? 1;
  // NaN or 0 would start nothing and never resolve.
  const concurrency = requested >= 1 ? Math.floor(requested) : 1;

  const runOne = async (index: number): Promise<DatasetReport> => {
    const dataset = datasets[index] as RunDataset;
    const names = { source: dataset.source, target: dataset.target };
    const skip = (reason: string): DatasetReport => {
      emitEvent(options.onEvent, { kind: "dataset-skipped", ...names, reason });
      return { ...names, outcome: "skipped", reason };
    };
    if (dataset.outcome === "conflict") {
      const { error, ...conflict } = dataset;
      emitEvent(options.onEvent, { kind: "dataset-failed", ...names, error, conflict, durationMs: 0 });
      return { ...names, outcome: "conflict", error, conflict };
    }
    if (dataset.outcome === "refused") {
      emitEvent(options.onEvent, { kind: "dataset-failed", ...names, error: dataset.error, durationMs: 0 });
      return { ...names, outcome: "failed", error: dataset.error };
    }
    if (options.signal?.aborted) return skip("run cancelled");
    const blocker = blockingAncestor(index);
    if (blocker !== undefined) {
      failedAncestor[index] = blocker;
      return skip(`parent ${blocker.target} ${blocker.refused ? "was refused" : "failed"}`);
    }
    try {
      return await executeDatasetPlan(dataset, { ...options, now });
    } catch (error) {
      return {
        ...names,
        outcome: "failed",
        error: asDatasetError(error, names.source, names.target, options.target.host),
      };
    }
  };

  const blockingAncestor = (index: number): Blocker | undefined => {
    const parent = parents[index];
    if (parent === undefined) return undefined;
    const dataset = datasets[parent] as RunDataset;
    if (reports[parent]?.outcome === "failed") {
      return { target: dataset.target, refused: dataset.outcome === "refused" };
    }
    return failedAncestor[parent];
  };

  await new Promise<void>((resolve) => {
    const pending = datasets.map((_, index) => index);
    let running = 0;
    const pump = () => {
      for (let at = 0; at < pending.length && running < concurrency; ) {
        const index = pending[at] as number;
        const parent = parents[index];
        if (parent !== undefined && reports[parent] === undefined) {
          at++;
          continue;
        }
        pending.splice(at, 1);
        running++;
        void runOne(index).then((report) => {
          reports[index] = report;
          running--;
          pump();
        });
      }
      if (running === 0 && pending.length === 0) resolve();
    };
    pump();
  });

  const finished = reports as DatasetReport[];
  return {
    datasets: finished,
    totals: runTotalsOf(finished),
    cancelled: options.signal?.aborted ?? false,
    durationMs: now() - started,
  };
}
