import type { ZrelayError } from "../errors/zrelay-error.js";
import type { Snapshot } from "../model/snapshot.js";
import type { PlanConflict } from "../planner/plan-conflict.js";
import type { PlanStep } from "../planner/plan-types.js";

/** Which dataset an event is about; several run at once with concurrency > 1. */
interface DatasetEventBase {
  /** Source dataset, e.g. `tank/data`. */
  readonly source: string;
  /** Target dataset, e.g. `backup/tank/data`. */
  readonly target: string;
}

/** A step and where it sits in its plan (`index` counts from 0). */
interface StepEventBase extends DatasetEventBase {
  readonly step: PlanStep;
  readonly index: number;
  /** Number of steps in the plan. */
  readonly count: number;
}

/**
 * What the executor reports while it works, in order per dataset:
 * `dataset-start`, then per step `step-start`, any `progress`, `step-done`, and
 * finally one of `dataset-done` / `dataset-failed`. Datasets with nothing to do
 * get a single `dataset-up-to-date` or `dataset-skipped` instead, and a planner
 * conflict or a refused dataset a single `dataset-failed` carrying the error
 * (and, for a conflict, its data).
 */
export type ExecutorEvent =
  | (DatasetEventBase & { readonly kind: "dataset-start"; readonly steps: readonly PlanStep[] })
  | (StepEventBase & { readonly kind: "step-start" })
  /** Bytes the running send has written so far, polled while a transfer step runs. */
  | (StepEventBase & { readonly kind: "progress"; readonly bytes: number })
  | (StepEventBase & {
      readonly kind: "step-done";
      /** Bytes the step moved; 0 for steps that move none. */
      readonly bytes: number;
      /** Snapshots this step brought to the target (as named on the source), oldest first. */
      readonly snapshots: readonly Snapshot[];
    })
  | (DatasetEventBase & {
      readonly kind: "dataset-done";
      readonly bytes: number;
      readonly snapshots: readonly Snapshot[];
      readonly durationMs: number;
    })
  | (DatasetEventBase & {
      readonly kind: "dataset-failed";
      readonly error: ZrelayError;
      /** For a planner conflict, its data (latest common snapshot, target-only snapshots…). */
      readonly conflict?: PlanConflict | undefined;
      readonly durationMs: number;
    })
  | (DatasetEventBase & { readonly kind: "dataset-up-to-date"; readonly latest: Snapshot })
  | (DatasetEventBase & { readonly kind: "dataset-skipped"; readonly reason: string });

export type ExecutorEventKind = ExecutorEvent["kind"];

/** Receives executor events. It should not throw: an exception it throws becomes an uncaught exception. */
export type ExecutorEventListener = (event: ExecutorEvent) => void;
