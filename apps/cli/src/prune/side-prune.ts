import type { PrunePlan, RetentionRules } from "@zrelay/core";

/** What retention decided for one dataset on one side of a job. */
export interface SidePrune {
  readonly side: "source" | "target";
  /** The host as its endpoint names it. */
  readonly host: string;
  /** The dataset on that side. */
  readonly dataset: string;
  /** The job's source dataset it belongs to (the name other lines of the run use). */
  readonly source: string;
  readonly rules: RetentionRules;
  readonly plan: PrunePlan;
}
