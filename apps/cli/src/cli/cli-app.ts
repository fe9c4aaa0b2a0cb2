import { parseDatasetName } from "@zrelay/core";
import { CommanderError } from "commander";
import { remoteSideOf, snapshotRequestOf } from "../adhoc/adhoc-jobs.js";
import { DEFAULT_PARALLEL_JOBS } from "../config/config-parallelism.js";
import type { JobDefinition, RunOrigin } from "../job/job-definition.js";
import type { ReporterFactory } from "../output/reporter-factory.js";
import type { RunMode } from "../output/run-reporter.js";
import { selectConfigRun } from "../run/config-jobs.js";
import type { DoctorCommand } from "../run/doctor-command.js";
import type { JobsCommand } from "../run/jobs-command.js";
import type { MonitoringCommand } from "../run/monitoring-command.js";
import type { RestoreKeysCommand } from "../run/restore-keys-command.js";
import type { SnapshotCommand } from "../run/snapshot-command.js";
import type { ConsoleStreams } from "../system/console-streams.js";
import { reportCrash } from "../system/crash-report.js";
import { cliManifest } from "./cli-manifest.js";
import type { RestoreKeysFlags, RunFlags, SnapshotFlags } from "./command-flags.js";
import { ExitCode, reportFailure } from "./exit-codes.js";
import { type CommandHandlers, defineProgram, type JobAction } from "./program-definition.js";

const UNKNOWN = 3 as ExitCode;

/** The zrelay command: parses argv, runs what it asks for, and returns the exit status. */
export class CliApp {
  readonly #jobs: JobsCommand;
  readonly #doctor: DoctorCommand;
  readonly #restoreKeys: RestoreKeysCommand;
  readonly #reporters: ReporterFactory;
  readonly #streams: ConsoleStreams;
  readonly #monitoring: MonitoringCommand;
  readonly #snapshot: SnapshotCommand;

  constructor(
    jobs: JobsCommand,
    doctor: DoctorCommand,
    restoreKeys: RestoreKeysCommand,
    reporters: ReporterFactory,
    streams: ConsoleStreams,
    monitoring: MonitoringCommand,
    snapshot: SnapshotCommand,
  ) {
    this.#monitoring = monitoring;
    this.#snapshot = snapshot;
    this.#jobs = jobs;
    this.#doctor = doctor;
    this.#restoreKeys = restoreKeys;
    this.#reporters = reporters;
    this.#streams = streams;
  }

  /** `argv` without the node and script paths: `["pull", "--host", …]`. */
  async run(argv: readonly string[]): Promise<ExitCode> {
    let exit: ExitCode = ExitCode.OK;
    const output = {
      writeOut: (text: string) => this.#streams.stdout.write(text),
      writeErr: (text: string) => this.#streams.stderr.write(text),
    };
    const program = defineProgram(this.#handlers(), output, (code) => (exit = code), cliManifest().version);
    try {
      await program.parseAsync([...argv], { from: "user" });
    } catch (error) {
      // Help and --version end with 0; every other commander error is a usage error it already printed.
      if (error instanceof CommanderError) {
        if (error.exitCode === 0) return ExitCode.OK;
        // A monitoring system reads 2 as CRITICAL; a bad check command line is UNKNOWN (3).
        return argv[0] === "check" ? UNKNOWN : ExitCode.USAGE;
      }
      reportCrash(error, this.#streams.stderr, argv.includes("--debug"));
      return ExitCode.FAILED;
    }
    return exit;
  }

  #handlers(): CommandHandlers {
    return {
      adhoc: (action, build, flags) =>
        this.#dispatch(action, flags, "command-line", async () => ({
          jobs: [build()],
          stateDir: undefined,
          parallelJobs: 1,
        })),
      configured: (action, names, flags) =>
        this.#dispatch(action, flags, "config", async () => {
          const selected = await selectConfigRun(flags.config, names, {
            allowRollback: flags.allowRollback,
            force: flags.force,
          });
          // The flag over the file over the default.
          const parallelJobs = flags.parallelJobs ?? selected.parallelJobs ?? DEFAULT_PARALLEL_JOBS;
          return { jobs: selected.jobs, stateDir: selected.stateDir, parallelJobs };
        }),
      restoreKeys: (root, flags) => this.#runRestoreKeys(root, flags),
      status: (names, flags) => this.#monitoring.status(names, flags),
      check: (names, flags) => this.#monitoring.check(names, flags),
      snapshot: (datasets, flags) => this.#runSnapshot(datasets, flags),
    };
  }

  async #runSnapshot(datasets: readonly string[], flags: SnapshotFlags): Promise<ExitCode> {
    const reporter = this.#reporters.create(flags.output, "command-line");
    try {
      return await this.#snapshot.run(snapshotRequestOf(datasets, flags), reporter);
    } catch (error) {
      return reportFailure(error, reporter);
    } finally {
      reporter.close();
    }
  }

  async #runRestoreKeys(root: string, flags: RestoreKeysFlags): Promise<ExitCode> {
    const reporter = this.#reporters.create(flags.output, "command-line");
    try {
      const side = flags.host === undefined ? {} : remoteSideOf(flags.host, flags.connection);
      return await this.#restoreKeys.run(
        {
          side,
          root: parseDatasetName(root, { origin: "DATASET" }),
          keyLocation: flags.keyLocation,
          acceptNewHostKey: flags.connection.acceptNewHostKey === true,
        },
        reporter,
      );
    } catch (error) {
      return reportFailure(error, reporter);
    } finally {
      reporter.close();
    }
  }

  async #dispatch(
    action: JobAction,
    flags: RunFlags,
    origin: RunOrigin,
    jobsOf: () => Promise<{ jobs: JobDefinition[]; stateDir: string | undefined; parallelJobs: number }>,
  ): Promise<ExitCode> {
    const { output } = flags;
    const reporter = this.#reporters.create(output, origin);
    try {
      let jobs: JobDefinition[];
      let stateDir: string | undefined;
      let parallelJobs: number;
      try {
        ({ jobs, stateDir, parallelJobs } = await jobsOf());
      } catch (error) {
        return reportFailure(error, reporter);
      }
      if (action === "doctor") {
        return await this.#doctor.run(jobs, this.#reporters.createCheckPrinter(output, origin), reporter);
      }
      const mode: RunMode = action === "plan" || flags.dryRun ? "plan" : "run";
      const configPath = origin === "config" && "config" in flags ? String(flags.config) : undefined;
      return await this.#jobs.run(reporter, jobs, {
        mode,
        origin,
        output,
        metricsFile: flags.metricsFile,
        configPath,
        stateDir,
        parallelJobs,
      });
    } finally {
      reporter.close();
    }
  }
}
