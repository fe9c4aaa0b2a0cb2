import {
  type Dataset,
  type DatasetReport,
  type ExecuteRunOptions,
  type ExecutorEvent,
  executeRun,
  isDescendantOf,
  type RunDataset,
  runTotalsOf,
  type Snapshot,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { ResolvedRawPushOptions } from "./raw-push-options.js";
import type { RawPushPlan } from "./raw-push-plan.js";
import type { RawPushDatasetSummary, RawPushReport } from "./raw-push-report.js";
import { assertRawSteps } from "./raw-steps.js";
import { type ChainRecord, keepChain } from "./source-chain.js";
import { createVerifyingTarget } from "./verifying-target-endpoint.js";

/** Options of a push run: `executeRun`'s, minus what the route decides. */
export type RawPushRunOptions = Omit<ExecuteRunOptions, "source" | "target" | "resumable">;

type PushPlan = Extract<RawPushPlan, { kind: "push" }>;

/** What a run needs from its route. */
export interface RawPushRunContext {
  /** The raw-only source endpoint. */
  readonly source: ZfsEndpoint;
  readonly options: ResolvedRawPushOptions;
}

/**
 * Runs a push: refused datasets are reported as failed (and their children skipped,
 * as `executeRun` skips the children of a failed parent), the others go through
 * `executeRun` with the raw-only source and a verifying target that knows what each
 * copy must look like. As each dataset finishes, its chain is kept on the source.
 * Never rejects for a dataset's failure; throws only for a plan with a non-raw step.
 */
export async function executeRawPushRun(
  plans: readonly RawPushPlan[],
  context: RawPushRunContext,
  runOptions: RawPushRunOptions = {},
): Promise<RawPushReport> {
  const { source, options } = context;
  const pushes = plans.filter((plan): plan is PushPlan => plan.kind === "push");
  for (const plan of pushes) assertRawSteps(plan.dataset, source.host);

  const refused = plans.filter((plan) => plan.kind === "refused").map((plan) => plan.target);
  const refusedAncestor = (target: string) => refused.find((name) => isDescendantOf(target, name));
  const emit = safeListener(runOptions.onEvent);
  const early = new Map<RawPushPlan, DatasetReport>();
  for (const plan of plans) {
    const names = { source: plan.source, target: plan.target };
    if (plan.kind === "refused") {
      emit({ kind: "dataset-failed", ...names, error: plan.error, durationMs: 0 });
      early.set(plan, { ...names, outcome: "failed", error: plan.error });
      continue;
    }
    const ancestor = refusedAncestor(plan.target);
    if (ancestor === undefined) continue;
    const reason = `parent ${ancestor} was refused`;
    emit({ kind: "dataset-skipped", ...names, reason });
    early.set(plan, { ...names, outcome: "skipped", reason });
  }

  const running = pushes.filter((plan) => !early.has(plan));
  const byTarget = new Map(running.map((plan) => [plan.target, plan]));
  const verified = new Map<string, Dataset>();
  const chains = new Map<string, Promise<ChainRecord>>();
  const target = createVerifyingTarget(options.target, {
    expectationFor: (dataset) => byTarget.get(dataset)?.expectation,
    onVerified: (dataset) => verified.set(dataset.name, dataset),
  });
  const startChain = (plan: PushPlan, newest: Snapshot | undefined, onlyBookmark: boolean) => {
    if (newest === undefined || newest.dataset !== plan.source) return;
    const notify = (level: "warning" | "debug", message: string) =>
      options.onNotice({ level, dataset: plan.source, host: source.host, message });
    chains.set(
      plan.target,
      keepChain(plan.chain, newest, { source, chain: options.chain, notify }, onlyBookmark),
    );
  };
  const onEvent = (event: ExecutorEvent) => {
    const plan = byTarget.get(event.target);
    if (plan !== undefined && event.kind === "dataset-done") startChain(plan, event.snapshots.at(-1), false);
    if (plan !== undefined && event.kind === "dataset-up-to-date") startChain(plan, event.latest, true);
    emit(event);
  };

  const core = await executeRun(
    running.map((plan): RunDataset => plan.dataset),
    { ...runOptions, source, target, resumable: true, onEvent },
  );
  const coreReports = new Map<RawPushPlan, DatasetReport>(
    running.map((plan, index) => [plan, core.datasets[index] as DatasetReport]),
  );
  const datasets = plans.map((plan) => early.get(plan) ?? (coreReports.get(plan) as DatasetReport));
  const records = new Map<string, ChainRecord>();
  for (const [name, chain] of chains) records.set(name, await chain);

  const summaries = plans.map((plan, index): RawPushDatasetSummary => {
    const report = datasets[index] as DatasetReport;
    const copy = verified.get(plan.target) ?? (plan.kind === "push" ? plan.listedTarget : undefined);
    const record = records.get(plan.target);
    return {
      source: plan.source,
      target: plan.target,
      outcome: report.outcome,
      encryption: copy?.encryption,
      encryptionRoot: copy?.encryptionRoot,
      bookmark: record?.bookmark,
      held: record?.held,
    };
  });
  return {
    datasets,
    totals: runTotalsOf(datasets),
    cancelled: core.cancelled,
    durationMs: core.durationMs,
    summaries,
  };
}

// As in the executor: a throwing listener's error surfaces on its own, never inside the run.
function safeListener(listener: RawPushRunOptions["onEvent"]): (event: ExecutorEvent) => void {
  return (event) => {
    try {
      listener?.(event);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  };
}
