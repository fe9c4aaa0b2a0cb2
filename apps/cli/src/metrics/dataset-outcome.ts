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

/** A dataset as the metrics file shows it: its last run, and what the run state knows of it. */
export interface DatasetMetrics extends DatasetOutcome {
  /** When a run last left the target holding the source's newest snapshot; null if none did. */
  readonly lastSuccess: number | null;
  /** Creation time of the newest snapshot on the target; null when it has none. */
  readonly targetNewestCreation: number | null;
  /** Creation time of the newest source snapshot the job replicates, as last listed. */
  readonly sourceNewestCreation: number | null;
}
