import { parseDatasetName } from "@zrelay/core";
import { CommanderError } from "commander";
import { remoteSideOf, snapshotRequestOf } from "../adhoc/adhoc-jobs.js";
import type { JobDefinition, RunOrigin } from "../job/job-definition.js";
import type { ReporterFactory } from "../output/reporter-factory.js";
import { selectConfigJobs } from "../run/config-jobs.js";
import type { DoctorCommand } from "../run/doctor-command.js";
import type { JobsCommand } from "../run/jobs-command.js";
import type { RestoreKeysCommand } from "../run/restore-keys-command.js";
import type { SnapshotCommand } from "../run/snapshot-command.js";
import type { ConsoleStreams } from "../system/console-streams.js";
import { reportCrash } from "../system/crash-report.js";
import { cliManifest } from "./cli-manifest.js";
import type { RestoreKeysFlags, RunFlags, SnapshotFlags } from "./command-flags.js";
import { ExitCode, reportFailure } from "./exit-codes.js";
import { type CommandHandlers, defineProgram, type JobAction } from "./program-definition.js";

/** The zrelay command: parses argv, runs what it asks for, and returns the exit status. */
export class CliApp {
  readonly #jobs: JobsCommand;
  readonly #doctor: DoctorCommand;
  readonly #restoreKeys: RestoreKeysCommand;
  readonly #reporters: ReporterFactory;
  readonly #streams: ConsoleStreams;
  readonly #snapshot: SnapshotCommand;

  constructor(
    jobs: JobsCommand,
    doctor: DoctorCommand,
    restoreKeys: RestoreKeysCommand,
    reporters: ReporterFactory,
    streams: ConsoleStreams,
    snapshot: SnapshotCommand,
  ) {
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
      if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
      reportCrash(error, this.#streams.stderr, argv.includes("--debug"));
      return ExitCode.FAILED;
    }
    return exit;
  }

  #handlers(): CommandHandlers {
    return {
      adhoc: (action, build, flags) => this.#dispatch(action, flags, "command-line", async () => [build()]),
      configured: (action, names, flags) =>
        this.#dispatch(action, flags, "config", () =>
          selectConfigJobs(flags.config, names, { allowRollback: flags.allowRollback, force: flags.force }),
        ),
      restoreKeys: (root, flags) => this.#runRestoreKeys(root, flags),
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
    jobsOf: () => Promise<JobDefinition[]>,
  ): Promise<ExitCode> {
    const { output } = flags;
    const reporter = this.#reporters.create(output, origin);
    try {
      let jobs: JobDefinition[];
      try {
        jobs = await jobsOf();
      } catch (error) {
        return reportFailure(error, reporter);
      }
      if (action === "doctor") {
        return await this.#doctor.run(jobs, this.#reporters.createCheckPrinter(output, origin), reporter);
      }
      const mode = action === "plan" || flags.dryRun ? "plan" : "run";
      return await this.#jobs.run(reporter, jobs, { mode, origin, output, metricsFile: flags.metricsFile });
    } finally {
      reporter.close();
    }
  }
}
