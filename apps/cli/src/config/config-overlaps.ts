import { lockedTreesOf, treesOverlap } from "../job/dataset-trees.js";
import type { JobDefinition } from "../job/job-definition.js";
import { treeLockName } from "../lock/tree-locks.js";
import type { ConfigEntry, ConfigReader } from "./config-nodes.js";

/**
 * Records, on the later job, each pair of jobs that write overlapping trees
 * (the same dataset, or one inside the other, on one machine): run one after the
 * other they would fight over the same datasets, and by cron at once one of them
 * would only ever exit 3 on the other's lock.
 */
export function checkJobOverlaps(
  jobs: readonly { readonly entry: ConfigEntry; readonly job: JobDefinition }[],
  reader: ConfigReader,
): void {
  jobs.forEach((later, index) => {
    for (const earlier of jobs.slice(0, index)) {
      const clash = overlapOf(earlier.job, later.job);
      if (clash === undefined) continue;
      reader.issues.add(
        later.entry.keyOffset,
        later.entry.keyPath,
        `jobs '${earlier.job.name}' and '${later.job.name}' write overlapping datasets (${clash}); ` +
          "give them separate destinations, or list those datasets in one job",
      );
    }
  });
}

function overlapOf(a: JobDefinition, b: JobDefinition): string | undefined {
  for (const ours of lockedTreesOf(a)) {
    const theirs = lockedTreesOf(b).find((tree) => treesOverlap(ours, tree));
    if (theirs !== undefined) return `${treeLockName(ours)} and ${treeLockName(theirs)}`;
  }
  return undefined;
}
