import type { JobPlan, RunReport } from "@zrelay/core";

/**
 * The source datasets retention may prune after a run: those it replicated, or
 * found already up to date. A failed, skipped or conflicting dataset (or one
 * whose parent failed) is pruned on neither side.
 */
export function replicated(report: RunReport): ReadonlySet<string> {
  return new Set(
    report.datasets
      .filter((d) => d.outcome === "replicated" || d.outcome === "up-to-date")
      .map((d) => d.source),
  );
}

/** In a plan: the datasets planned to replicate or already up to date. */
export function plannedToSucceed(plan: JobPlan): ReadonlySet<string> {
  return new Set(
    plan.datasets.filter((d) => d.outcome === "replicate" || d.outcome === "up-to-date").map((d) => d.source),
  );
}
