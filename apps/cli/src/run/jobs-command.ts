import { ErrorCode, ZrelayError } from "@zrelay/core";
import { combineExitCodes, ExitCode, exitCodeOfSignal, reportFailure } from "../cli/exit-codes.js";
import type { JobDefinition } from "../job/job-definition.js";
import { writeMetricsFile } from "../metrics/metrics-file.js";
import type { OutputSettings } from "../output/output-tiers.js";
import type { RunMode, RunReporter } from "../output/run-reporter.js";
import type { ProcessInfo } from "../system/process-info.js";
import type { ShutdownSignals } from "../system/shutdown-signal.js";
import type { JobResult } from "./job-result.js";
import { tallyOf } from "./job-result.js";
import type { JobRunner } from "./job-runner.js";

/** What one invocation asks for. */
export interface InvocationSettings {
  readonly mode: RunMode;
  /** Where the jobs come from; either way a run locks the trees it writes (see `lockedTreesOf`). */
  readonly origin: "config" | "command-line";
  readonly output: OutputSettings;
  /** `--metrics-file`: written at the end of a run (not of a plan). */
  readonly metricsFile?: string | undefined;
}

/**
 * Runs the jobs of one invocation in order, then prints the summary, writes the
 * metrics and decides the exit status. A signal stops the current job cleanly
 * and starts no further one.
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
    const shutdown = this.#signals.listen();
    const onAbort = () => reporter.failure(interrupted(shutdown.received()));
    shutdown.signal.addEventListener("abort", onAbort, { once: true });
    const started = this.#process.monotonicMs();
    const results: JobResult[] = [];
    // One clock reading per run: every job's snapshots carry the same time.
    const snapshotTime = this.#process.now();
    let metricsExit: ExitCode = ExitCode.OK;
    try {
      for (const job of jobs) {
        if (shutdown.signal.aborted) break;
        const lock = settings.mode === "run";
        results.push(
          await this.#runner.run(job, {
            mode: settings.mode,
            lock,
            reporter,
            signal: shutdown.signal,
            snapshotTime,
          }),
        );
      }
      const durationMs = this.#process.monotonicMs() - started;
      reporter.summary(tallyOf(results, durationMs), settings.mode);
      if (settings.metricsFile !== undefined && settings.mode === "run") {
        metricsExit = this.#writeMetrics(settings.metricsFile, results, durationMs, reporter);
      }
    } finally {
      shutdown.signal.removeEventListener("abort", onAbort);
      shutdown.dispose();
    }
    const signal = shutdown.received();
    if (signal !== undefined) return exitCodeOfSignal(signal);
    return combineExitCodes([...results.map((r) => r.exitCode), metricsExit]);
  }

  #writeMetrics(
    path: string,
    results: readonly JobResult[],
    durationMs: number,
    reporter: RunReporter,
  ): ExitCode {
    const exitCode = combineExitCodes(results.map((r) => r.exitCode));
    try {
      writeMetricsFile(
        path,
        results.flatMap((r) => r.outcomes),
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
