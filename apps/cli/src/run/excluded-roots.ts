import { type JobPlan, matchesGlob, PolicyName, policyReference } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";

/**
 * An exclude that matches a dataset the job names leaves its whole tree out:
 * nearly always a pattern wider than meant (`tank/*` for `tank/data`), so it is
 * said on stderr rather than ending in "0 datasets" and exit 0. One warning per
 * root, naming the patterns that match it.
 */
export function excludedRootWarnings(job: JobDefinition, plan: JobPlan): string[] {
  const excluded = new Set(plan.excluded);
  return [...new Set(job.datasets)]
    .filter((root) => excluded.has(root))
    .map((root) => {
      const patterns = job.options.exclude.filter((pattern) => matchesGlob(root, pattern));
      const by =
        patterns.length === 0
          ? "the excludes"
          : `${policyReference(PolicyName.exclude)} ${patterns.map((pattern) => `'${pattern}'`).join(", ")}`;
      return `${root} (named by ${job.name}) is left out by ${by}, and its whole tree with it`;
    });
}
