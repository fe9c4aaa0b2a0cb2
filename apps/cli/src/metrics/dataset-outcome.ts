/** How one dataset of a job ended, as metrics and exit codes see it. */
export interface DatasetOutcome {
  readonly job: string;
  readonly source: string;
  /** Empty when the dataset never got a target (a missing root). */
  readonly target: string;
  /** `skipped` only for datasets the planner had nothing to send for; a dataset the run could not get to is `failed`. */
  readonly result: "replicated" | "up-to-date" | "skipped" | "failed";
  readonly bytes: number;
  readonly durationMs: number;
}
