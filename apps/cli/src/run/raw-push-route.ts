import { planJob, type ZfsEndpoint } from "@zrelay/core";
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
): ReplicationRoute<RawPushPlan> {
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
    chain: { hold: options.hold, ...(options.chainTag === undefined ? {} : { tag: options.chainTag }) },
    onNotice: (notice) =>
      notice.level === "warning"
        ? reporter.warning(`${notice.dataset}: ${notice.message}`)
        : reporter.debug(`${notice.dataset}: ${notice.message}`),
  });
  return {
    plan: () =>
      planJob({
        source: route.source,
        target: route.target,
        roots: job.datasets,
        excludes: options.exclude,
        mapTarget: route.targetFor,
        policy: route.policy,
        planOne: route.planDataset,
      }),
    async execute(plan, run) {
      const report = await route.executeRun(plan.datasets, {
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
