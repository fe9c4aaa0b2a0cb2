import type { JobDefinition } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";
import type { JobResult } from "../run/job-result.js";
import { readJobState, setAsideState, writeJobState } from "./run-state-file.js";
import type { JobState } from "./run-state-format.js";
import { nextJobState } from "./run-state-update.js";

/**
 * Records each job's run in the state directory as the job ends. Nothing here
 * stops replication: a state that cannot be read is set aside and started
 * afresh, one that cannot be written is a warning (status and check will not
 * see the run, and say so by the age they report).
 */
export class RunStateRecorder {
  readonly #directory: string;
  readonly #config: string | null;
  readonly #reporter: RunReporter;
  readonly #chosen: boolean;

  /**
   * `chosen`: the directory was set (`ZRELAY_STATE_DIR`, `state-dir`), so failing to write
   * there is a warning; the built-in default missing on a machine without the package (a
   * laptop running `zrelay sync`) is only a debug line.
   */
  constructor(directory: string, config: string | null, reporter: RunReporter, chosen = true) {
    this.#directory = directory;
    this.#config = config;
    this.#reporter = reporter;
    this.#chosen = chosen;
  }

  /** The job's state after `result`, also when it could not be written; undefined for a job never recorded. */
  record(job: JobDefinition, result: JobResult): JobState | undefined {
    const previous = this.#previous(job);
    if (result.observed === undefined) return previous;
    const state = nextJobState(job, this.#config, result.observed, previous);
    try {
      // No debug line: --debug output is the replication's, and status names the file.
      writeJobState(this.#directory, state);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!this.#chosen && (code === "EACCES" || code === "ENOENT" || code === "EROFS")) {
        this.#reporter.debug(
          `${job.name}: run state not recorded: ${this.#directory} is not writable (${reason(error)})`,
        );
        return state;
      }
      this.#reporter.warning(
        `job ${job.name}: could not record the run state in ${this.#directory} (${reason(error)}); ` +
          "zrelay status and check will not see this run. Make the directory writable by this user, " +
          "or point state-dir in the config (or ZRELAY_STATE_DIR) elsewhere.",
      );
    }
    return state;
  }

  #previous(job: JobDefinition): JobState | undefined {
    const load = readJobState(this.#directory, job.name);
    if (load.kind === "found") return load.state;
    if (load.kind === "missing") return undefined;
    let kept = "";
    try {
      kept = `; kept as ${setAsideState(load.path)}`;
    } catch {
      // Unreadable and immovable: the write below says what is wrong with the directory.
    }
    this.#reporter.warning(
      `job ${job.name}: cannot read the run state ${load.path}: ${load.problem}${kept}. It starts afresh: ` +
        "last-success times of this job begin again with this run.",
    );
    return undefined;
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "read-only file system";
  return error instanceof Error ? error.message : String(error);
}
