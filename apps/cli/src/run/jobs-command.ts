import { ErrorCode, ZrelayError } from "@zrelay/core";
import { combineExitCodes, ExitCode, exitCodeOfSignal, reportFailure } from "../cli/exit-codes.js";
import type { JobDefinition } from "../job/job-definition.js";
import { jobWaits, waitLines } from "../job/job-order.js";
import { metricsDirectoryProblem, writeMetricsFile } from "../metrics/metrics-file.js";
import type { OutputSettings } from "../output/output-tiers.js";
import type { RunMode, RunReporter } from "../output/run-reporter.js";
import { stateDirectory, stateDirectoryChosen } from "../state/run-state-file.js";
import type { JobState } from "../state/run-state-format.js";
import { datasetMetricsOf } from "../state/run-state-metrics.js";
import { RunStateRecorder } from "../state/run-state-recorder.js";
import type { ProcessInfo } from "../system/process-info.js";
import type { ShutdownSignals } from "../system/shutdown-signal.js";
import type { JobResult } from "./job-result.js";
import { tallyOf } from "./job-result.js";
import type { JobRunner } from "./job-runner.js";
import { runScheduled } from "./job-scheduler.js";

/** What one invocation asks for. */
export interface InvocationSettings {
  readonly mode: RunMode;
  /** Where the jobs come from; either way a run locks the trees it writes (see `lockedTreesOf`). */
  readonly origin: "config" | "command-line";
  readonly output: OutputSettings;
  /** `--metrics-file`: written at the end of a run (not of a plan). */
  readonly metricsFile?: string | undefined;
  /** The config file the jobs came from, for the run state and error lines. */
  readonly configPath?: string | undefined;
  /** The config's `state-dir`; `ZRELAY_STATE_DIR` wins over it, /var/lib/zrelay is the default. */
  readonly stateDir?: string | undefined;
  /** Jobs at once in a run (`parallel-jobs`); a plan shows the jobs one after the other. Default 1. */
  readonly parallelJobs?: number | undefined;
}

/**
 * Runs the jobs of one invocation (several at once, each after the jobs that
 * feed it), then prints the summary, writes the metrics and decides the exit
 * status. A signal stops the running jobs cleanly and starts no further one.
 */
export class JobsCommand {
  readonly #runner: JobRunner;
  readonly #signals: ShutdownSignals;
  readonly #process: ProcessInfo;

  constructor(runner: JobRunner, signals: ShutdownSignals, process: ProcessInfo) {
    this.#runner = runner;
    this.#signals = signals;
    this.#process = process;
  }

  /** Runs the jobs, reporting through `reporter` (made from `settings.output`). */
  async run(
    reporter: RunReporter,
    jobs: readonly JobDefinition[],
    settings: InvocationSettings,
  ): Promise<ExitCode> {
    const metricsProblem =
      settings.metricsFile !== undefined && settings.mode === "run"
        ? metricsDirectoryProblem(settings.metricsFile)
        : undefined;
    if (metricsProblem !== undefined) {
      // Before any work: a run that replicated and then could not report it hides the next failure.
      return reportFailure(
        new ZrelayError(
          ErrorCode.USAGE,
          `cannot write the metrics file ${settings.metricsFile}: ${metricsProblem}`,
          {
            hint: "Create the directory (node_exporter's --collector.textfile.directory) or fix --metrics-file; nothing ran.",
          },
        ),
        reporter,
      );
    }
    const recorder =
      settings.mode === "run"
        ? new RunStateRecorder(
            stateDirectory(this.#process.env, settings.stateDir),
            settings.configPath ?? null,
            reporter,
            stateDirectoryChosen(this.#process.env, settings.stateDir),
          )
        : undefined;
    const states = new Map<string, JobState | undefined>();
    const shutdown = this.#signals.listen();
    const onAbort = () => reporter.failure(interrupted(shutdown.received()));
    shutdown.signal.addEventListener("abort", onAbort, { once: true });
    const started = this.#process.monotonicMs();
    const results: JobResult[] = [];
    // One clock reading per run: every job's snapshots carry the same time.
    const snapshotTime = this.#process.now();
    let metricsExit: ExitCode = ExitCode.OK;
    try {
      results.push(
        ...(await this.#runJobs(reporter, jobs, settings, {
          signal: shutdown.signal,
          snapshotTime,
          record: (job, result) => {
            if (recorder !== undefined) states.set(job.name, recorder.record(job, result));
          },
        })),
      );
      // A job whose lock was held did not run: its metrics come from the state as it is.
      for (const result of results) {
        const job = jobs.find((candidate) => candidate.name === result.job);
        if (recorder !== undefined && job !== undefined && !states.has(job.name))
          states.set(job.name, recorder.record(job, result));
      }
      const durationMs = this.#process.monotonicMs() - started;
      reporter.summary(tallyOf(results, durationMs), settings.mode);
      if (settings.metricsFile !== undefined && settings.mode === "run") {
        metricsExit = this.#writeMetrics(settings.metricsFile, results, states, durationMs, reporter);
      }
    } finally {
      shutdown.signal.removeEventListener("abort", onAbort);
      shutdown.dispose();
    }
    const signal = shutdown.received();
    if (signal !== undefined) return exitCodeOfSignal(signal);
    return combineExitCodes([...results.map((r) => r.exitCode), metricsExit]);
  }

  /** The jobs in their order (feeders first), several at once in a run; see `runScheduled`. */
  #runJobs(
    reporter: RunReporter,
    jobs: readonly JobDefinition[],
    settings: InvocationSettings,
    run: {
      readonly signal: AbortSignal;
      /** The one clock reading of the run, in the names of the snapshots its jobs take. */
      readonly snapshotTime: Date;
      /** Records a job's result in the run state, before its lock is released. */
      readonly record: (job: JobDefinition, result: JobResult) => void;
    },
  ): Promise<JobResult[]> {
    const { signal, snapshotTime, record } = run;
    const waits = jobWaits(jobs);
    const limit = settings.mode === "run" ? (settings.parallelJobs ?? 1) : 1;
    // Lines name their job whenever two jobs can be running at once.
    const tagged = limit > 1 && jobs.length > 1;
    for (const line of waitLines(jobs, waits)) {
      if (settings.mode === "plan") reporter.info(line);
      else reporter.debug(line);
    }
    return runScheduled(jobs, { limit, waits, signal }, (job, feeders) => {
      const jobReporter = reporter.forJob({ job: job.name, config: settings.configPath }, tagged);
      const failed = feeders.filter((feeder) => feeder.exitCode !== ExitCode.OK).map((feeder) => feeder.job);
      // A plan changes nothing, so a feeder that cannot plan takes nothing from its dependents.
      if (failed.length > 0 && settings.mode === "run") {
        jobReporter.warning(
          `${failed.join(", ")} failed; ${job.name}, which waits for ${failed.length > 1 ? "them" : "it"}, ` +
            "sends what did arrive (the rest on the next run)",
        );
      }
      const lock = settings.mode === "run";
      return this.#runner.run(job, {
        mode: settings.mode,
        lock,
        reporter: jobReporter,
        signal,
        configPath: settings.configPath,
        snapshotTime,
        beforeUnlock: (done) => record(job, done),
      });
    });
  }

  #writeMetrics(
    path: string,
    results: readonly JobResult[],
    states: ReadonlyMap<string, JobState | undefined>,
    durationMs: number,
    reporter: RunReporter,
  ): ExitCode {
    const exitCode = combineExitCodes(results.map((r) => r.exitCode));
    try {
      writeMetricsFile(
        path,
        results.flatMap((r) => datasetMetricsOf(r, states.get(r.job))),
        results.map((r) => ({
          job: r.job,
          reached: r.observed !== undefined && r.observed.error === undefined,
        })),
        { finishedAt: Math.floor(this.#process.now().getTime() / 1000), durationMs, exitCode },
      );
      reporter.debug(`metrics written to ${path}`);
      return ExitCode.OK;
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      return reportFailure(
        new ZrelayError(ErrorCode.COMMAND_FAILED, `could not write the metrics file ${path}: ${cause}`, {
          hint: "Check that its directory exists and is writable by this user.",
          cause: error,
        }),
        reporter,
      );
    }
  }
}

function interrupted(signal: NodeJS.Signals | undefined): ZrelayError {
  return new ZrelayError(
    ErrorCode.CANCELLED,
    `received ${signal ?? "a signal"}: stopping; interrupted receives stay resumable`,
    { hint: "Run zrelay again to continue where it stopped." },
  );
}
