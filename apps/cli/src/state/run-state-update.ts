import type { JobPlan, RunReport, Snapshot, ZrelayError } from "@zrelay/core";
import { selectSnapshots } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import { outcomesOfRun } from "../run/job-result.js";
import {
  type DatasetRecord,
  type FailureRecord,
  type JobState,
  RUN_STATE_FORMAT,
  RUN_STATE_VERSION,
  type SnapshotRecord,
} from "./run-state-format.js";
import type { SnapshotListings } from "./snapshot-listings.js";

/** What one run of a job saw: its plan and report, or the error that stopped it first. */
export interface ObservedRun {
  /** Seconds since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly sourceHost: string;
  readonly targetHost: string;
  readonly listings: SnapshotListings;
  readonly plan?: JobPlan | undefined;
  readonly report?: RunReport | undefined;
  /** The job failed as a whole: host unreachable, listing failed, bad mapping. */
  readonly error?: ZrelayError | undefined;
}

/**
 * The job's state after `observed`, from its state before. A run that failed as a
 * whole keeps every dataset it knew, each marked failed with the job's error and
 * its last success and newest snapshots as they were: a host that is down stays
 * visible. A run that listed the source keeps exactly the datasets it found (a
 * dataset destroyed on the source leaves the state) plus its missing roots.
 */
export function nextJobState(
  job: JobDefinition,
  config: string | null,
  observed: ObservedRun,
  previous: JobState | undefined,
): JobState {
  const base = {
    ...previous,
    format: RUN_STATE_FORMAT,
    version: RUN_STATE_VERSION,
    job: job.name,
    kind: job.kind,
    config,
    sourceHost: observed.sourceHost,
    targetHost: observed.targetHost,
  } as const;
  const lastRun = (error: FailureRecord | null) => ({
    startedAt: observed.startedAt,
    finishedAt: observed.finishedAt,
    error,
  });
  const { plan, report } = observed;
  if (plan === undefined || report === undefined || observed.error !== undefined) {
    const failure = failureOf(observed.error);
    const datasets: Record<string, DatasetRecord> = {};
    for (const [source, record] of Object.entries(previous?.datasets ?? {})) {
      datasets[source] = {
        ...record,
        lastAttempt: observed.finishedAt,
        result: "failed",
        error: failure,
        bytes: 0,
        durationMs: 0,
      };
    }
    return { ...base, lastRun: lastRun(failure), datasets };
  }
  return { ...base, lastRun: lastRun(null), datasets: datasetRecords(job, observed, plan, report, previous) };
}

function datasetRecords(
  job: JobDefinition,
  observed: ObservedRun,
  plan: JobPlan,
  report: RunReport,
  previous: JobState | undefined,
): Record<string, DatasetRecord> {
  const now = observed.finishedAt;
  const filter = { include: job.options.includeSnapshots, exclude: job.options.excludeSnapshots };
  const reported = new Map(report.datasets.map((d) => [d.source, d]));
  const records: Record<string, DatasetRecord> = {};
  for (const outcome of outcomesOfRun(job.name, plan, report)) {
    const before = previous?.datasets[outcome.source];
    const entry = reported.get(outcome.source);
    const sourceSnapshots = selectSnapshots(observed.listings.snapshots("source", outcome.source), filter);
    const targetSnapshots = observed.listings.snapshots("target", outcome.target);
    const arrived = entry?.outcome === "replicated" ? entry.snapshots : [];
    const sourceNewest = newest(sourceSnapshots);
    // What arrived is newer than all the target had; createtxg only orders snapshots of one pool.
    const targetNewest = arrived.at(-1) ?? newest(targetSnapshots) ?? null;
    const holdsNewest =
      sourceNewest !== undefined &&
      outcome.result !== "failed" &&
      [...targetSnapshots, ...arrived].some((snapshot) => snapshot.guid === sourceNewest.guid);
    const error = entry === undefined ? missingRoot(plan, outcome.source) : entryError(entry);
    records[outcome.source] = {
      ...before,
      source: outcome.source,
      target: outcome.target,
      lastAttempt: now,
      lastSuccess: holdsNewest ? now : (before?.lastSuccess ?? null),
      result: outcome.result,
      error: outcome.result === "failed" ? error : null,
      targetNewest: targetNewest === null ? null : snapshotRecord(targetNewest),
      sourceNewest:
        sourceNewest === undefined
          ? outcome.result === "failed"
            ? (before?.sourceNewest ?? null)
            : null
          : snapshotRecord(sourceNewest),
      bytes: outcome.bytes,
      durationMs: Math.round(outcome.durationMs),
    };
  }
  return records;
}

function entryError(entry: RunReport["datasets"][number]): FailureRecord | null {
  if (entry.outcome === "failed" || entry.outcome === "conflict") return failureOf(entry.error);
  // Skipped because its parent failed (outcomesOfRun counts it failed).
  if (entry.outcome === "skipped") return { code: "PARENT_FAILED", message: entry.reason, hint: null };
  return null;
}

function missingRoot(plan: JobPlan, source: string): FailureRecord | null {
  return failureOf(plan.missingRoots.find((error) => error.dataset === source));
}

function failureOf(error: ZrelayError | undefined): FailureRecord | null {
  if (error === undefined) return null;
  return { code: error.code, message: error.message, hint: error.hint ?? null };
}

function newest(snapshots: readonly Snapshot[]): Snapshot | undefined {
  let found: Snapshot | undefined;
  for (const snapshot of snapshots)
    if (found === undefined || snapshot.createtxg > found.createtxg) found = snapshot;
  return found;
}

/** A snapshot as the state (and `status --json`) writes it. */
export function snapshotRecord(snapshot: Snapshot): SnapshotRecord {
  return { name: snapshot.name, guid: snapshot.guid.toString(), creation: snapshot.creation };
}
