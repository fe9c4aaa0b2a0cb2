import { existsSync } from "node:fs";
import { checkReport } from "../check/check-report.js";
import { Severity, type Thresholds, worstOf } from "../check/dataset-freshness.js";
import { DURATION_FORMS, parseDurationSeconds } from "../check/duration-text.js";
import { liveJobStates } from "../check/live-listing.js";
import { assessJobs, type JobFreshness, type MonitoringScope } from "../check/monitored-jobs.js";
import { statusJson } from "../check/status-json.js";
import { statusLines } from "../check/status-table.js";
import type { MonitoringFlags } from "../cli/monitoring-commands.js";
import { loadConfigFile, type ZrelayConfig } from "../config/index.js";
import type { EndpointFactory } from "../endpoints/endpoint-factory.js";
import { stateDirectory } from "../state/run-state-file.js";
import type { ConsoleStreams } from "../system/console-streams.js";
import type { ProcessInfo } from "../system/process-info.js";

/** A problem that leaves nothing to judge: printed, exit UNKNOWN. */
class MonitoringProblem extends Error {}

/**
 * `zrelay status` and `zrelay check`: both judge the run state of the config's
 * jobs (or of every recorded job when there is no config file) against the
 * thresholds, and exit with the worst state, 0–3 as Nagios plugins do.
 */
export class MonitoringCommand {
  readonly #streams: ConsoleStreams;
  readonly #process: ProcessInfo;
  readonly #endpoints: EndpointFactory;

  constructor(streams: ConsoleStreams, process: ProcessInfo, endpoints: EndpointFactory) {
    this.#streams = streams;
    this.#process = process;
    this.#endpoints = endpoints;
  }

  async status(names: readonly string[], flags: MonitoringFlags): Promise<number> {
    let jobs: JobFreshness[];
    try {
      jobs = await this.#judge(names, flags);
    } catch (error) {
      this.#streams.stderr.write(`🚨 ${messageOf(error)}\n`);
      return Severity.UNKNOWN;
    }
    const severity = worstOf(jobs.map((job) => job.severity));
    const now = this.#now();
    if (flags.json) {
      this.#streams.stdout.write(`${JSON.stringify(statusJson(jobs, severity, now), null, 2)}\n`);
    } else {
      const colour = this.#streams.stdoutIsTerminal && this.#process.env.NO_COLOR === undefined;
      this.#streams.stdout.write(`${statusLines(jobs, now, colour).join("\n")}\n`);
    }
    return Severity[severity];
  }

  async check(names: readonly string[], flags: MonitoringFlags): Promise<number> {
    let jobs: JobFreshness[];
    try {
      jobs = await this.#judge(names, flags);
    } catch (error) {
      // Nagios reads stdout: the UNKNOWN line goes there, and nothing else.
      this.#streams.stdout.write(`ZRELAY UNKNOWN - ${messageOf(error)}\n`);
      return Severity.UNKNOWN;
    }
    const report = checkReport(jobs);
    this.#streams.stdout.write(`${report.lines.join("\n")}\n`);
    return report.exitCode;
  }

  async #judge(names: readonly string[], flags: MonitoringFlags): Promise<JobFreshness[]> {
    const thresholds = thresholdsOf(flags);
    const config = await this.#config(flags);
    const directory = stateDirectory(this.#process.env, config?.stateDir);
    const scope: MonitoringScope = { directory, config, names, thresholds };
    if (flags.live) {
      if (config === undefined) {
        throw new MonitoringProblem(
          `--live lists the hosts of the config's jobs, and there is no config file ${flags.config}; name one with --config FILE`,
        );
      }
      return assessJobs(
        { ...scope, live: await liveJobStates(config, names, directory, this.#endpoints, this.#process) },
        this.#now(),
      );
    }
    const jobs = assessJobs(scope, this.#now());
    if (jobs.length === 0) {
      throw new MonitoringProblem(
        `no run state in ${directory}: zrelay has recorded no run there yet ` +
          "(set ZRELAY_STATE_DIR or the config's state-dir to where zrelay run writes it)",
      );
    }
    return jobs;
  }

  /** The config file when one was named or the default exists; status and check also work from the state alone. */
  async #config(flags: MonitoringFlags): Promise<ZrelayConfig | undefined> {
    if (!flags.configGiven && !existsSync(flags.config)) return undefined;
    return await loadConfigFile(flags.config);
  }

  #now(): number {
    return Math.floor(this.#process.now().getTime() / 1000);
  }
}

function thresholdsOf(flags: MonitoringFlags): Thresholds {
  const read = (flag: string, text: string) => {
    const seconds = parseDurationSeconds(text);
    if (seconds === undefined)
      throw new MonitoringProblem(`${flag} '${text}' is not a duration: write ${DURATION_FORMS}`);
    return seconds;
  };
  const warn = read("--warn", flags.warn);
  const crit = read("--crit", flags.crit);
  if (crit < warn)
    throw new MonitoringProblem(
      `--crit ${flags.crit} is shorter than --warn ${flags.warn}; critical comes after warning`,
    );
  const sourceWarn = flags.sourceWarn === undefined ? warn : read("--source-warn", flags.sourceWarn);
  return { warn, crit, sourceWarn };
}

/** One line: a config file with several problems names the first and counts the rest. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = message, ...rest] = message.split("\n");
  return rest.length === 0
    ? first
    : `${first} (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})`;
}
