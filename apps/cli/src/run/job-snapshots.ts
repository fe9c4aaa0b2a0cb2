import {
  isDescendantOf,
  type JobPlan,
  NO_SOURCE_SNAPSHOTS,
  type SnapshotsTaken,
  takeSnapshots,
  timedSnapshotName,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";
import { machineOf, targetTreesOf, treesOverlap } from "../job/dataset-trees.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunMode, RunReporter } from "../output/run-reporter.js";

/**
 * A job's `snapshot:` policy, first of its steps per dataset (snapshot → replicate →
 * prune): one snapshot `<prefix>_<UTC time>` of every dataset of the job, one atomic
 * `zfs snapshot` per pool. In plan mode it says what it would take and takes nothing.
 * `ok` is false when a pool's snapshot failed (reported, naming job, pool and host):
 * the job still replicates what there is, and exits 1.
 */
export async function takeJobSnapshots(
  job: JobDefinition,
  source: ZfsEndpoint,
  time: Date,
  mode: RunMode,
  reporter: RunReporter,
): Promise<JobSnapshots> {
  if (job.snapshot === undefined) return { ok: true, wouldTake: [] };
  const name = timedSnapshotName(job.snapshot.prefix, time);
  const taken = await takeSnapshots({
    endpoint: source,
    roots: job.datasets,
    excludes: job.options.exclude,
    name,
    dryRun: mode === "plan",
  });
  const ok = reportSnapshots(job, source.host, name, taken, mode, reporter);
  const wouldTake = mode === "plan" ? taken.pools.flatMap((pool) => pool.snapshots) : [];
  return { ok, wouldTake };
}

/** How a job's snapshot step went. */
export interface JobSnapshots {
  /** False when a pool's snapshot failed (reported): the job exits 1. */
  readonly ok: boolean;
  /** In plan mode, the snapshots it would have taken (full names); empty in a run. */
  readonly wouldTake: readonly string[];
}

function reportSnapshots(
  job: JobDefinition,
  host: string,
  name: string,
  taken: SnapshotsTaken,
  mode: RunMode,
  reporter: RunReporter,
): boolean {
  let ok = true;
  for (const existing of taken.existing) reporter.debug(`${existing} exists already; not taken again`);
  for (const pool of taken.pools) {
    const count = `${pool.snapshots.length} dataset${pool.snapshots.length === 1 ? "" : "s"}`;
    if (pool.error === undefined) {
      const verb = mode === "plan" ? "would snapshot" : "snapshot";
      reporter.info(`${pool.pool} on ${host}: ${verb} @${name} of ${count}`);
      for (const snapshot of pool.snapshots)
        reporter.debug(`${mode === "plan" ? "would take" : "took"} ${snapshot}`);
      continue;
    }
    ok = false;
    const { error } = pool;
    reporter.failure(
      new ZrelayError(
        error.code,
        `job ${job.name}: no snapshot taken in pool ${pool.pool} on ${host} (${count}, @${name}): ${error.message}`,
        { host, dataset: pool.pool, ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error },
      ),
    );
  }
  // Missing roots are reported once, by the plan that follows.
  return ok;
}

/**
 * `🚨 warning:` for each dataset the plan skips for having no snapshots, when the job
 * takes none itself: such a dataset is never backed up, and cron should say so on
 * every run rather than exit 0 in silence. A parent whose descendants have snapshots
 * is a container someone snapshots around on purpose (sanoid's process_children_only),
 * and is not warned about.
 */
export function noSnapshotWarnings(job: JobDefinition, plan: JobPlan, sourceHost: string): string[] {
  // A push sends what pulls brought in (and, in a plan, may not have yet): the pull's own
  // warning and `zrelay check` speak of a source that never arrived, with the right fix.
  if (job.snapshot !== undefined || job.kind === "push") return [];
  const bare = plan.datasets.filter(
    (dataset) => dataset.outcome === "skip" && dataset.reason === NO_SOURCE_SNAPSHOTS,
  );
  const bareNames = new Set(bare.map((dataset) => dataset.source));
  const snapshotted = plan.datasets.filter((dataset) => !bareNames.has(dataset.source));
  const isContainer = (name: string) => snapshotted.some((dataset) => isDescendantOf(dataset.source, name));
  // What another job of the config receives into gets its snapshots from that job.
  const machine = machineOf(job.source);
  const fed = (name: string) =>
    (job.peers ?? []).some((peer) =>
      targetTreesOf(peer).some((tree) => treesOverlap({ machine, dataset: name, role: "target" }, tree)),
    );
  return bare
    .filter((dataset) => !isContainer(dataset.source) && !fed(dataset.source))
    .map(
      (dataset) =>
        `job ${job.name}: ${dataset.source} on ${sourceHost} has no snapshots, so it is not backed up. ` +
        `Have zrelay take them (snapshot: true in the job, or zrelay snapshot), or snapshot it with sanoid on ${sourceHost}; ` +
        `or leave it out with exclude.`,
    );
}
