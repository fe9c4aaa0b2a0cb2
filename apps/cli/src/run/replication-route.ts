import {
  type ExecutorEventListener,
  executeRun,
  type JobPlan,
  planJob,
  type RunDataset,
  type RunReport,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import { policyOf, targetMapperOf } from "../job/job-routing.js";

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

/** Plain replication: the core planner over one listing per root, then the executor. */
export function directRoute(job: JobDefinition, source: ZfsEndpoint, target: ZfsEndpoint): ReplicationRoute {
  const policy = policyOf(job);
  return {
    plan: () =>
      planJob({
        source,
        target,
        roots: job.datasets,
        excludes: job.options.exclude,
        mapTarget: targetMapperOf(job),
        policy,
      }),
    execute: (plan, options) =>
      executeRun(plan.datasets, {
        source,
        target,
        signal: options.signal,
        onEvent: options.onEvent,
        concurrency: options.concurrency,
        resumable: policy.resumable && target.capabilities.resume,
        now: options.now,
      }),
  };
}
