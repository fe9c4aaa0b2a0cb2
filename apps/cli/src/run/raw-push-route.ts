import { planJob, type RunDataset, type ZfsEndpoint } from "@zrelay/core";
import { createRawPushRoute, type RawPushPlan, type RawPushReport } from "@zrelay/transport-raw-push";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";
import type { ReplicationRoute } from "./replication-route.js";

/**
 * A push through the raw-push adapter: every send raw, unencrypted sources refused
 * (or pushed with a warning on every run under --allow-unencrypted), every
 * receive verified, and the incremental chain kept on the source with bookmarks.
 * Listing and planning are core's `planJob`, with the route planning each dataset.
 */
export function rawPushRoute(
  job: JobDefinition,
  source: ZfsEndpoint,
  target: ZfsEndpoint,
  reporter: RunReporter,
): ReplicationRoute {
  const { mapping, options } = job;
  if (mapping.kind !== "strip") throw new Error(`push job ${job.name} must strip a prefix`);
  const route = createRawPushRoute({
    source,
    target,
    stripPrefix: mapping.stripPrefix,
    ...(mapping.targetRoot === undefined ? {} : { targetRoot: mapping.targetRoot }),
    allowUnencrypted: options.allowUnencrypted,
    policy: {
      allowRollback: options.allowRollback,
      forceOverwriteEmptyTarget: options.force,
      includeSnapshots: options.includeSnapshots,
      excludeSnapshots: options.excludeSnapshots,
    },
    onNotice: (notice) =>
      notice.level === "warning"
        ? reporter.warning(`${notice.dataset}: ${notice.message}`)
        : reporter.debug(`${notice.dataset}: ${notice.message}`),
  });
  const planned = new Map<string, RawPushPlan>();
  const asRunDataset = (plan: RawPushPlan): RunDataset =>
    plan.kind === "push"
      ? plan.dataset
      : { outcome: "conflict", source: plan.source, target: plan.target, error: plan.error };

  return {
    plan: () => {
      planned.clear();
      return planJob({
        source: route.source,
        target: route.target,
        roots: job.datasets,
        excludes: options.exclude,
        mapTarget: route.targetFor,
        policy: route.policy,
        planOne: (input) => {
          const plan = route.planDataset(input);
          planned.set(plan.source, plan);
          return asRunDataset(plan);
        },
      });
    },
    async execute(plan, run) {
      const plans = plan.datasets.map((dataset) => planned.get(dataset.source) as RawPushPlan);
      const report = await route.executeRun(plans, {
        signal: run.signal,
        onEvent: run.onEvent,
        concurrency: run.concurrency,
        now: run.now,
      });
      debugSummaries(report, reporter);
      return report;
    },
  };
}

function debugSummaries(report: RawPushReport, reporter: RunReporter): void {
  for (const summary of report.summaries) {
    const parts = [
      summary.encryption === undefined ? undefined : `encryption ${summary.encryption}`,
      summary.encryptionRoot === undefined ? undefined : `encryption root ${summary.encryptionRoot}`,
      summary.bookmark === undefined ? undefined : `chain kept by ${summary.bookmark}`,
      summary.held === undefined ? undefined : `holding ${summary.held}`,
    ].filter((part) => part !== undefined);
    if (parts.length > 0) reporter.debug(`${summary.source} → ${summary.target}: ${parts.join(", ")}`);
  }
}
