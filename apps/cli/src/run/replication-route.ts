import {
  type ExecutorEventListener,
  executeRun,
  type JobPlan,
  planDataset,
  planJob,
  type RunDataset,
  type RunReport,
  toRunDataset,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import { policyOf, targetMapperOf } from "../job/job-routing.js";
import type { RunReporter } from "../output/run-reporter.js";
import { ReplicationChainKeeper } from "./replication-chain-keeper.js";

/** How `executeRun` is driven for one job. */
export interface RouteRunOptions {
  readonly signal: AbortSignal;
  readonly onEvent: ExecutorEventListener;
  /** Datasets at once (`--jobs`). */
  readonly concurrency: number;
  /** Monotonic milliseconds, for durations. */
  readonly now: () => number;
}

/** Plans and runs one job between two endpoints. Pushes take the raw-push route, the rest this one. */
export interface ReplicationRoute<D extends RunDataset = RunDataset> {
  plan(): Promise<JobPlan<D>>;
  execute(plan: JobPlan<D>, options: RouteRunOptions): Promise<RunReport>;
}

/**
 * Plain replication: the core planner over one listing per root, then the executor;
 * then each finished dataset's chain is kept on the source, in order (see ReplicationChainKeeper).
 */
export function directRoute(
  job: JobDefinition,
  source: ZfsEndpoint,
  target: ZfsEndpoint,
  reporter: RunReporter,
): ReplicationRoute {
  const policy = policyOf(job);
  const chain = new ReplicationChainKeeper(job, source, target, reporter);
  return {
    plan: () =>
      planJob({
        source,
        target,
        roots: job.datasets,
        excludes: job.options.exclude,
        mapTarget: targetMapperOf(job),
        policy,
        planOne: (input) => {
          chain.record(input);
          return toRunDataset(planDataset(input), target.host);
        },
      }),
    async execute(plan, options) {
      const report = await executeRun(plan.datasets, {
        source,
        target,
        signal: options.signal,
        onEvent: (event) => {
          options.onEvent(event);
          chain.onEvent(event);
        },
        concurrency: options.concurrency,
        resumable: policy.resumable && target.capabilities.resume,
        now: options.now,
      });
      // Seam: what follows each dataset's replication, in dataset order, before the job ends:
      // keep its chain (bookmark, holds), then prune (retention) once that exists.
      await chain.keepChains();
      return report;
    },
  };
}
