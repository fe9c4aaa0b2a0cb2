import { isDescendantOf } from "@zrelay/core";
import type { HostSpec, JobDefinition } from "./job-definition.js";
import { targetMapperOf } from "./job-routing.js";

/**
 * A dataset and everything below it, on one machine: what a run writes (a
 * target tree it receives into, a source tree it prunes) and so locks.
 */
export interface DatasetTree {
  /** The machine, as `machineOf` names it. */
  readonly machine: string;
  readonly dataset: string;
  /** Why the run writes it, for messages. */
  readonly role: "target" | "pruned source";
}

// Names that can only mean this machine. Other aliases of it (its own hostname, an
// ~/.ssh/config alias) are not detected: zrelay does not resolve names to compare them.
const THIS_MACHINE = new Set(["localhost", "127.0.0.1", "::1", "localhost.localdomain"]);

/** `localhost` for this machine, else `host` or `host:port` (lower case: DNS names are). */
export function machineOf(side: HostSpec): string {
  if (side.host === undefined) return "localhost";
  const host = side.host.toLowerCase();
  if (THIS_MACHINE.has(host)) return "localhost";
  return side.port === undefined || side.port === 22 ? host : `${host}:${side.port}`;
}

/** True when one tree holds the other (the same dataset, or an ancestor of it) on the same machine. */
export function treesOverlap(a: DatasetTree, b: DatasetTree): boolean {
  if (a.machine !== b.machine) return false;
  return (
    a.dataset === b.dataset || isDescendantOf(a.dataset, b.dataset) || isDescendantOf(b.dataset, a.dataset)
  );
}

/** The trees a run of the job receives into: one per source root, where the mapping puts it. */
export function targetTreesOf(job: JobDefinition): DatasetTree[] {
  const machine = machineOf(job.target);
  const mapTarget = targetMapperOf(job);
  return job.datasets.map((root) => ({ machine, dataset: mapTarget(root), role: "target" }));
}

/**
 * Why replicating `from` into `to` would nest the tree inside itself (every
 * later run one level deeper), or undefined. The one check of the config file
 * (`to:` of a sync job) and of the command line (any pull, push or sync).
 */
export function intoItselfProblem(
  source: HostSpec,
  from: string,
  target: HostSpec,
  to: string,
): string | undefined {
  if (machineOf(source) !== machineOf(target)) return undefined;
  if (to !== from && !isDescendantOf(to, from)) return undefined;
  return `'${to}' is '${from}' or inside it on the same host; a tree cannot be replicated into itself`;
}

/** The first source root of the job that lands in its own tree, said as `intoItselfProblem` says it. */
export function jobIntoItselfProblem(job: JobDefinition): string | undefined {
  const mapTarget = targetMapperOf(job);
  for (const root of job.datasets) {
    const problem = intoItselfProblem(job.source, root, job.target, mapTarget(root));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Every tree a run of the job writes, so locks and excludes others writing
 * into it: its target trees; source trees it prunes belong here too (the
 * pruning of issue 12 adds them with role "pruned source").
 */
export function lockedTreesOf(job: JobDefinition): DatasetTree[] {
  return [...targetTreesOf(job), ...prunedSourceTreesOf(job)];
}

/** The source trees of a job with `prune-source`: its roots on the source machine. */
export function prunedSourceTreesOf(job: JobDefinition): DatasetTree[] {
  if (job.options.pruneSource === undefined) return [];
  const machine = machineOf(job.source);
  return job.datasets.map((dataset) => ({ machine, dataset, role: "pruned source" }));
}
