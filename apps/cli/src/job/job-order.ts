import { type DatasetTree, machineOf, targetTreesOf, treesOverlap } from "./dataset-trees.js";
import type { JobDefinition } from "./job-definition.js";

/** Why one job starts only after another. */
export interface JobWait {
  /** The job waited for. */
  readonly feeder: string;
  /**
   * `datasets`: a source tree of the waiting job lies inside (or holds) a target
   * tree of the feeder, on one machine, so the feeder brings in what it sends;
   * `after`: its `after:` key names the feeder.
   */
  readonly reason: "datasets" | "after";
  /** For `datasets`: the feeder's target tree the waiting job reads, as `localhost:backuppool/x/y`. */
  readonly tree?: string;
}

/** The trees a job reads: its source roots, on its source machine. */
function sourceTreesOf(job: JobDefinition): DatasetTree[] {
  const machine = machineOf(job.source);
  return job.datasets.map((dataset) => ({ machine, dataset, role: "target" }));
}

/** The first target tree of `feeder` that a source tree of `job` holds or lies in, as `machine:dataset`. */
function fedBy(job: JobDefinition, feeder: JobDefinition): string | undefined {
  for (const read of sourceTreesOf(job)) {
    const written = targetTreesOf(feeder).find((tree) => treesOverlap(read, tree));
    if (written !== undefined) return `${written.machine}:${written.dataset}`;
  }
  return undefined;
}

/**
 * What each of `jobs` waits for, among `jobs` only (a job left out of a run is
 * not waited for): the jobs that feed its datasets, and those its `after:`
 * names. Jobs without a wait are left out of the map.
 */
export function jobWaits(jobs: readonly JobDefinition[]): Map<string, JobWait[]> {
  const waits = new Map<string, JobWait[]>();
  for (const job of jobs) {
    const list: JobWait[] = [];
    for (const feeder of jobs) {
      if (feeder === job) continue;
      if (job.after?.includes(feeder.name) === true) list.push({ feeder: feeder.name, reason: "after" });
      else {
        const tree = fedBy(job, feeder);
        if (tree !== undefined) list.push({ feeder: feeder.name, reason: "datasets", tree });
      }
    }
    if (list.length > 0) waits.set(job.name, list);
  }
  return waits;
}

/**
 * A cycle of waits, as the job names around it with the first repeated at the
 * end (`a → b → a`), or undefined. Found by depth-first search in file order,
 * so the same file always names the same cycle.
 */
export function waitCycle(
  jobs: readonly JobDefinition[],
  waits: ReadonlyMap<string, readonly JobWait[]>,
): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "open") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "open");
    path.push(name);
    for (const wait of waits.get(name) ?? []) {
      const cycle = visit(wait.feeder);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const job of jobs) {
    const cycle = visit(job.name);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * `push-offsite waits for pull-a (it receives into localhost:backuppool/enc/host-a/tank), pull-b (after:)`:
 * one line a waiting job, in file order.
 */
export function waitLines(
  jobs: readonly JobDefinition[],
  waits: ReadonlyMap<string, readonly JobWait[]>,
): string[] {
  return jobs.flatMap((job) => {
    const list = waits.get(job.name);
    if (list === undefined) return [];
    const reasons = list.map((wait) =>
      wait.reason === "after" ? `${wait.feeder} (after:)` : `${wait.feeder} (it receives into ${wait.tree})`,
    );
    return [`${job.name} waits for ${reasons.join(", ")}`];
  });
}
