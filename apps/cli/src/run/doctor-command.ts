import { ErrorCode, ZrelayError } from "@zrelay/core";
import { combineExitCodes, ExitCode, reportFailure } from "../cli/exit-codes.js";
import { type DoctorCheck, runDoctor } from "../doctor/index.js";
import type { EndpointFactory, OpenEndpoint } from "../endpoints/endpoint-factory.js";
import type { JobDefinition } from "../job/job-definition.js";
import { jsonLine } from "../output/json-events.js";
import type { OutputSettings, OutputTiers, Wording } from "../output/output-tiers.js";
import type { RunReporter } from "../output/run-reporter.js";

/** Where the doctor's checks are printed: lines in three tiers, or JSON events. */
export interface CheckPrinter {
  check(job: JobDefinition, check: DoctorCheck): void;
}

/**
 * `zrelay doctor`: for each job, the preflight checks of both sides through the
 * same runners a run would use. Exit 1 when any check failed.
 */
export class DoctorCommand {
  readonly #endpoints: EndpointFactory;

  constructor(endpoints: EndpointFactory) {
    this.#endpoints = endpoints;
  }

  async run(jobs: readonly JobDefinition[], printer: CheckPrinter, reporter: RunReporter): Promise<ExitCode> {
    const codes: ExitCode[] = [];
    for (const job of jobs) codes.push(await this.#check(job, printer, reporter));
    return combineExitCodes(codes);
  }

  async #check(job: JobDefinition, printer: CheckPrinter, reporter: RunReporter): Promise<ExitCode> {
    const opened: OpenEndpoint[] = [];
    try {
      const open = async (role: "source" | "target") => {
        const side = await this.#endpoints.open({
          side: role === "source" ? job.source : job.target,
          role,
          acceptNewHostKey: job.options.acceptNewHostKey,
          onCommand: (host, command) => reporter.debug(`${host}: ${command}`),
        });
        opened.push(side);
        if (side.runner === undefined) throw noRunner(job, role);
        return { runner: side.runner, sshStreams: side.sshStreams };
      };
      reporter.info(`${job.name}:`);
      const report = await runDoctor(job, { source: await open("source"), target: await open("target") });
      for (const check of report.checks) printer.check(job, check);
      return report.exitCode === 0 ? ExitCode.OK : ExitCode.FAILED;
    } catch (error) {
      return reportFailure(error, reporter);
    } finally {
      for (const side of opened) await side.close().catch(() => undefined);
    }
  }
}

/** The checks as lines: ok and warnings on the info tier, failures as errors; fixes indented below. */
export function tieredCheckPrinter(tiers: OutputTiers): CheckPrinter {
  return {
    check(_job, check) {
      const details = [...(check.fixes ?? []), ...(check.hint === undefined ? [] : [check.hint])];
      if (check.status === "ok") tiers.info(check.line);
      else if (check.status === "warn") tiers.info(`warning: ${check.line}`, details);
      else tiers.error(check.line, details);
    },
  };
}

/** The checks as `check` events; failures also on stderr for cron mail. */
export function jsonCheckPrinter(
  stdout: NodeJS.WritableStream,
  settings: OutputSettings,
  tiers: OutputTiers,
  now: () => Date,
  wording: Wording,
): CheckPrinter {
  return {
    check(job, check) {
      if (check.status === "fail") tieredCheckPrinter(tiers).check(job, check);
      if (settings.quiet && check.status !== "fail") return;
      const event = { event: "check", time: now().toISOString(), job: job.name, ...check };
      stdout.write(jsonLine(event, wording));
    },
  };
}

function noRunner(job: JobDefinition, role: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.UNSUPPORTED,
    `doctor cannot check the ${role} of ${job.name}: it runs no zfs commands`,
    {
      hint: "doctor checks sides reached through the zfs command line (local or SSH).",
    },
  );
}
