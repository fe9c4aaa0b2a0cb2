import { performance } from "node:perf_hooks";
import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import type { Snapshot } from "../model/snapshot.js";
import type { DatasetPlan, PlanStep } from "../planner/plan-types.js";
import { emitEvent } from "./event-emission.js";
import { asDatasetError, cancelledError } from "./executor-errors.js";
import type { ExecutorEventListener } from "./executor-events.js";
import { intervalTicker, type Ticker } from "./progress-ticker.js";
import { isTransferStep, receiveRequestFor, sendRequestFor, snapshotsBroughtBy } from "./step-transfer.js";
import { runTransfer } from "./transfer-run.js";

export interface ExecuteDatasetOptions {
  /** Endpoint holding the source datasets; it runs `zfs send`. */
  readonly source: ZfsEndpoint;
  /** Endpoint holding the target datasets; it runs `zfs receive` and every other step. */
  readonly target: ZfsEndpoint;
  /** Aborts the running send and receive; the dataset then fails with CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** Receives progress events. Should not throw. */
  readonly onEvent?: ExecutorEventListener | undefined;
  /** Receive with `-s` so an interrupted transfer can resume. Pass `policy.resumable`. Default true. */
  readonly resumable?: boolean | undefined;
  /** Drives `progress` events during transfers. Default: every second. Use `silentTicker` for none. */
  readonly progressTicker?: Ticker | undefined;
  /** Monotonic clock in milliseconds, for durations. Default `performance.now`. */
  readonly now?: (() => number) | undefined;
}

/** How a dataset ended when it did not fail. */
export type DatasetResult = { readonly source: string; readonly target: string } & (
  | {
      readonly outcome: "replicated";
      readonly bytes: number;
      /** Snapshots that arrived on the target, oldest first. */
      readonly snapshots: readonly Snapshot[];
      readonly durationMs: number;
    }
  | { readonly outcome: "up-to-date"; readonly latest: Snapshot }
  | { readonly outcome: "skipped"; readonly reason: string }
);

const defaultTicker = intervalTicker(1000);

/**
 * Runs one dataset's plan, step by step, in order. Resolves with what happened;
 * rejects with a ZrelayError (a TransferError for a failed send/receive, CANCELLED
 * when the signal fired) after emitting `dataset-failed`.
 */
export async function executeDatasetPlan(
  plan: DatasetPlan,
  options: ExecuteDatasetOptions,
): Promise<DatasetResult> {
  const { target, onEvent } = options;
  const names = { source: plan.source, target: plan.target };
  if (plan.outcome === "up-to-date") {
    emitEvent(onEvent, { kind: "dataset-up-to-date", ...names, latest: plan.latest });
    return { ...names, outcome: "up-to-date", latest: plan.latest };
  }
  if (plan.outcome === "skip") {
    emitEvent(onEvent, { kind: "dataset-skipped", ...names, reason: plan.reason });
    return { ...names, outcome: "skipped", reason: plan.reason };
  }

  const now = options.now ?? (() => performance.now());
  const started = now();
  const count = plan.steps.length;
  let bytes = 0;
  const snapshots: Snapshot[] = [];
  emitEvent(onEvent, { kind: "dataset-start", ...names, steps: plan.steps });
  try {
    for (const [index, step] of plan.steps.entries()) {
      if (options.signal?.aborted) throw cancelledError(plan.source, plan.target, target.host);
      const position = { ...names, step, index, count };
      emitEvent(onEvent, { kind: "step-start", ...position });
      const stepBytes = await runStep(step, plan, options, (sent) =>
        emitEvent(onEvent, { kind: "progress", ...position, bytes: sent }),
      );
      const arrived = snapshotsBroughtBy(step);
      bytes += stepBytes;
      snapshots.push(...arrived);
      emitEvent(onEvent, { kind: "step-done", ...position, bytes: stepBytes, snapshots: arrived });
    }
  } catch (error) {
    const failure = asDatasetError(error, plan.source, plan.target, target.host);
    emitEvent(onEvent, { kind: "dataset-failed", ...names, error: failure, durationMs: now() - started });
    throw failure;
  }
  const durationMs = now() - started;
  emitEvent(onEvent, { kind: "dataset-done", ...names, bytes, snapshots, durationMs });
  return { ...names, outcome: "replicated", bytes, snapshots, durationMs };
}

/** Runs one step; resolves with the bytes it moved. */
async function runStep(
  step: PlanStep,
  plan: Extract<DatasetPlan, { outcome: "replicate" }>,
  options: ExecuteDatasetOptions,
  onProgress: (bytes: number) => void,
): Promise<number> {
  const { target } = options;
  if (isTransferStep(step)) {
    const receiveRequest = receiveRequestFor(step, plan.target, options.resumable ?? true);
    const { bytes } = await runTransfer({
      sender: { host: options.source.host, dataset: plan.source },
      receiver: { host: target.host, dataset: plan.target },
      startReceive: () => target.receive(receiveRequest),
      startSend: (sink) => options.source.send(sendRequestFor(step), sink),
      signal: options.signal,
      ticker: options.progressTicker ?? defaultTicker,
      onProgress,
    });
    return bytes;
  }
  switch (step.kind) {
    case "create-parents":
      await target.createParents(plan.target, { properties: { canmount: "off" } });
      return 0;
    case "abort-resume":
      await target.abortResumableReceive(plan.target);
      return 0;
    case "rollback":
      await target.rollback(`${plan.target}@${step.to.name}`);
      return 0;
  }
}
