import { type Snapshot, selectSnapshots } from "@zrelay/core";
import type { ZrelayConfig } from "../config/index.js";
import { selectJobs } from "../config/index.js";
import type { EndpointFactory, OpenEndpoint } from "../endpoints/endpoint-factory.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";
import { routeFor } from "../run/route-selector.js";
import { readJobState, type StateLoad } from "../state/run-state-file.js";
import type { DatasetRecord, JobState } from "../state/run-state-format.js";
import { snapshotRecord } from "../state/run-state-update.js";
import { SnapshotListings } from "../state/snapshot-listings.js";
import type { ProcessInfo } from "../system/process-info.js";

/**
 * `status --live`: each job's state with the newest snapshots as both sides
 * list them now (the planner's listing, read-only), the last run's result and
 * error kept from the state file. A host that cannot be listed makes its job
 * UNKNOWN, saying why.
 */
export async function liveJobStates(
  config: ZrelayConfig,
  names: readonly string[],
  directory: string,
  endpoints: EndpointFactory,
  process: ProcessInfo,
): Promise<Map<string, StateLoad>> {
  const loads = new Map<string, StateLoad>();
  for (const job of selectJobs(config, names)) {
    const stored = readJobState(directory, job.name);
    const previous = stored.kind === "found" ? stored.state : undefined;
    try {
      const state = await listJob(job, config.path, previous, endpoints, process);
      loads.set(job.name, { kind: "found", path: stored.path, state });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      loads.set(job.name, {
        kind: "unreadable",
        path: stored.path,
        problem: `listing it now failed: ${message}`,
      });
    }
  }
  return loads;
}

async function listJob(
  job: JobDefinition,
  configPath: string,
  previous: JobState | undefined,
  endpoints: EndpointFactory,
  process: ProcessInfo,
): Promise<JobState> {
  const opened: OpenEndpoint[] = [];
  const listings = new SnapshotListings();
  const open = async (role: "source" | "target") => {
    const endpoint = await endpoints.open({
      side: role === "source" ? job.source : job.target,
      role,
      acceptNewHostKey: job.options.acceptNewHostKey,
      onCommand: () => undefined,
    });
    opened.push(endpoint);
    return listings.record(role, endpoint.endpoint);
  };
  try {
    const source = await open("source");
    const target = await open("target");
    const plan = await routeFor(job, source, target, SILENT).plan();
    const filter = { include: job.options.includeSnapshots, exclude: job.options.excludeSnapshots };
    const datasets: Record<string, DatasetRecord> = {};
    for (const dataset of plan.datasets) {
      const before = previous?.datasets[dataset.source];
      datasets[dataset.source] = {
        source: dataset.source,
        lastAttempt: 0,
        lastSuccess: null,
        result: "skipped",
        error: null,
        bytes: 0,
        durationMs: 0,
        ...before,
        target: dataset.target,
        targetNewest: recordOf(listings.snapshots("target", dataset.target)),
        sourceNewest: recordOf(selectSnapshots(listings.snapshots("source", dataset.source), filter)),
      };
    }
    for (const missing of plan.missingRoots) {
      const source = missing.dataset ?? "";
      datasets[source] = {
        source,
        target: "",
        lastAttempt: Math.floor(process.now().getTime() / 1000),
        lastSuccess: previous?.datasets[source]?.lastSuccess ?? null,
        result: "failed",
        error: { code: missing.code, message: missing.message, hint: missing.hint ?? null },
        targetNewest: null,
        sourceNewest: null,
        bytes: 0,
        durationMs: 0,
      };
    }
    const now = Math.floor(process.now().getTime() / 1000);
    return {
      format: "zrelay-run-state",
      version: 1,
      job: job.name,
      kind: job.kind,
      config: configPath,
      sourceHost: source.host,
      targetHost: target.host,
      lastRun: previous?.lastRun ?? { startedAt: now, finishedAt: now, error: null },
      datasets,
    };
  } finally {
    for (const endpoint of opened.reverse()) await endpoint.close().catch(() => undefined);
  }
}

function recordOf(snapshots: readonly Snapshot[]) {
  const newest = snapshots.at(-1);
  return newest === undefined ? null : snapshotRecord(newest);
}

// Listing prints nothing: the table is the output.
const SILENT: RunReporter = {
  jobStarted: () => undefined,
  showPlan: () => undefined,
  event: () => undefined,
  failure: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  summary: () => undefined,
  prune: () => undefined,
  close: () => undefined,
  forJob: () => SILENT,
};
