import type { ExecutorEvent, JobPlan, PlanStep, ZrelayError } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import type { SidePrune } from "../prune/side-prune.js";

/** A job as the reporter needs it while it runs. */
export interface JobContext {
  readonly job: JobDefinition;
  /** Host names as endpoints report them (`host-storage`, `localhost`). */
  readonly sourceHost: string;
  readonly targetHost: string;
  /** `zfs send -nvP`'s size for a transfer step, for the ETA of the live display. */
  readonly estimate: (step: PlanStep) => Promise<number | undefined>;
}

/** What a whole invocation did, over every job. */
export interface RunTally {
  readonly replicated: number;
  readonly upToDate: number;
  readonly skipped: number;
  /** Failed datasets, conflicts and missing roots. */
  readonly failed: number;
  /** Jobs that failed before planning (lock held, host unreachable, bad mapping). */
  readonly jobsNotRun: number;
  readonly bytes: number;
  readonly durationMs: number;
  /** Snapshots retention destroyed (plan mode: would destroy). */
  readonly pruned: number;
}

/** The job a reporter's failures belong to, so `-q` and `--json` lines say which. */
export interface JobScope {
  readonly job: string;
  /** The config file the job came from; undefined for a command-line job (the user just typed it). */
  readonly config: string | undefined;
}

/** `run` replicates; `plan` (and `--dry-run`) only shows what would happen. */
export type RunMode = "run" | "plan";

/**
 * Everything the CLI tells the user about a run. The human reporter prints the
 * three tiers (`* `, `ℹ️ `, `🚨 `); the JSON reporter prints NDJSON events.
 */
export interface RunReporter {
  /** The job is planned and about to run (or to be shown, in plan mode). */
  jobStarted(context: JobContext, plan: JobPlan, mode: RunMode): void;
  /** Plan mode: every dataset and every step it would run. */
  showPlan(context: JobContext, plan: JobPlan): void;
  /** What the executor reports while it works. */
  event(event: ExecutorEvent): void;
  /** Retention's verdict on one dataset and side: shown in plan mode, reported once done in a run. */
  prune(prune: SidePrune, mode: RunMode): void;
  /** A failure: of one dataset (`source` given) or of a whole job or run. */
  failure(error: ZrelayError, source?: string): void;
  /** Something the user must hear about even in quiet mode, that is not a failure. */
  warning(message: string): void;
  debug(message: string): void;
  /** A plain message on the info tier; `details` follow it indented (commands to copy). */
  info(message: string, details?: readonly string[]): void;
  /** The one line at the end of a non-quiet run. */
  summary(tally: RunTally, mode: RunMode): void;
  /** Stops live output; called once, last. */
  close(): void;
  /**
   * The reporter of one job of the run: its events carry the job's name (JSON), its
   * failures and warnings name the job (and config file) it belongs to, and with
   * `tagged` (jobs running at once) every line it prints starts with the job's name.
   * Live progress stays one display, a line per running transfer across jobs.
   */
  forJob(scope: JobScope, tagged: boolean): RunReporter;
}
