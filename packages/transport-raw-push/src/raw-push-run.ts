import {
  type Dataset,
  type DatasetReport,
  type ExecuteRunOptions,
  type ExecutorEvent,
  executeRun,
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

type PushPlan = Exclude<RawPushPlan, { outcome: "refused" }>;

/** What a run needs from its route. */
export interface RawPushRunContext {
  /** The raw-only source endpoint. */
  readonly source: ZfsEndpoint;
  readonly options: ResolvedRawPushOptions;
}

/**
 * Runs a push through `executeRun` with the raw-only source and a verifying target
 * that knows what each copy must look like; refused datasets fail there and their
 * children are skipped. As each dataset finishes, its chain is kept on the source.
 * Never rejects for a dataset's failure; throws only for a plan with a non-raw step.
 */
export async function executeRawPushRun(
  plans: readonly RawPushPlan[],
  context: RawPushRunContext,
  runOptions: RawPushRunOptions = {},
): Promise<RawPushReport> {
  const { source, options } = context;
  for (const plan of plans) assertRawSteps(plan, source.host);

  const byTarget = new Map(
    plans.filter((plan): plan is PushPlan => plan.outcome !== "refused").map((plan) => [plan.target, plan]),
  );
  const verified = new Map<string, Dataset>();
  const chains = new Map<string, Promise<ChainRecord>>();
  const target = createVerifyingTarget(options.target, {
    expectationFor: (dataset) => byTarget.get(dataset)?.push.expectation,
    onVerified: (dataset) => verified.set(dataset.name, dataset),
  });
  const startChain = (plan: PushPlan, newest: Snapshot | undefined, onlyBookmark: boolean) => {
    if (newest === undefined || newest.dataset !== plan.source) return;
    const notify = (level: "warning" | "debug", message: string) =>
      options.onNotice({ level, dataset: plan.source, host: source.host, message });
    chains.set(
      plan.target,
      keepChain(plan.push.chain, newest, { source, chain: options.chain, notify }, onlyBookmark),
    );
  };
  const onEvent = (event: ExecutorEvent) => {
    const plan = byTarget.get(event.target);
    if (plan !== undefined && event.kind === "dataset-done") startChain(plan, event.snapshots.at(-1), false);
    if (plan !== undefined && event.kind === "dataset-up-to-date") startChain(plan, event.latest, true);
    runOptions.onEvent?.(event);
  };

  const core = await executeRun(plans, { ...runOptions, source, target, resumable: true, onEvent });
  const records = new Map<string, ChainRecord>();
  for (const [name, chain] of chains) records.set(name, await chain);

  const summaries = plans.map((plan, index): RawPushDatasetSummary => {
    const report = core.datasets[index] as DatasetReport;
    const copy = verified.get(plan.target) ?? byTarget.get(plan.target)?.push.listedTarget;
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
  return { ...core, summaries };
}
