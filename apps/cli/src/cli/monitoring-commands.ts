import type { Command } from "commander";
import { DEFAULT_CONFIG_PATH } from "../config/index.js";
import { DOCS_POINTER } from "./command-help.js";
import { configOption } from "./command-options.js";

/** The flags of `zrelay status` and `zrelay check`. */
export interface MonitoringFlags {
  readonly config: string;
  /** True when --config was given: then a missing file is an error, not "no config". */
  readonly configGiven: boolean;
  readonly warn: string;
  readonly crit: string;
  /** Undefined: the warn threshold. */
  readonly sourceWarn: string | undefined;
  readonly json: boolean;
  readonly live: boolean;
}

/** What status and check call. */
export interface MonitoringHandlers {
  status(names: readonly string[], flags: MonitoringFlags): Promise<number>;
  check(names: readonly string[], flags: MonitoringFlags): Promise<number>;
}

/** `zrelay status [JOB...]` and `zrelay check [JOB...]`, both reading the run state. */
export function defineMonitoringCommands(
  program: Command,
  handlers: MonitoringHandlers,
  setExit: (code: number) => void,
): void {
  const thresholds = (command: Command) =>
    command
      .addOption(configOption(DEFAULT_CONFIG_PATH))
      .option(
        "--warn <age>",
        "WARNING when a target's newest snapshot is this old (a job's check-warn wins)",
        "26h",
      )
      .option(
        "--crit <age>",
        "CRITICAL when a target's newest snapshot is this old (a job's check-crit wins)",
        "50h",
      )
      .option("--source-warn <age>", "WARNING when a source's newest snapshot is this old (default: --warn)")
      .argument("[job...]", "job names (default: every job of the config, or every recorded job)");
  const flagsOf = (command: Command): MonitoringFlags => {
    const values = command.opts();
    return {
      config: String(values.config),
      configGiven: command.getOptionValueSource("config") === "cli",
      warn: String(values.warn),
      crit: String(values.crit),
      sourceWarn: values.sourceWarn === undefined ? undefined : String(values.sourceWarn),
      json: values.json === true,
      live: values.live === true,
    };
  };

  thresholds(
    program
      .command("status")
      .description(
        "show per dataset how old the newest backup is, worst first; reads the run state, no network",
      ),
  )
    .option("--live", "list both sides now instead of reading what the last run saw")
    .option("--json", "print one JSON document instead of the table")
    .addHelpText(
      "after",
      monitoringFooter(["zrelay status", "zrelay status pull-storage --json", "zrelay status --live"]),
    )
    .action(async (names: string[], _values: unknown, command: Command) =>
      setExit(await handlers.status(names, flagsOf(command))),
    );

  thresholds(
    program
      .command("check")
      .description(
        "monitoring plugin (Nagios/Icinga): exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, with perfdata",
      ),
  )
    .addHelpText(
      "after",
      monitoringFooter([
        "zrelay check",
        "zrelay check --warn 8d --crit 15d weekly-offsite",
        "sudo -u backup zrelay check",
      ]),
    )
    .action(async (names: string[], _values: unknown, command: Command) =>
      setExit(await handlers.check(names, flagsOf(command))),
    );
}

/** Examples, then the Nagios exit statuses both commands use (not those of a run). */
function monitoringFooter(examples: readonly string[]): string {
  return [
    "",
    "Examples:",
    ...examples.map((example) => `  ${example}`),
    "",
    "Exit status (Nagios/Icinga plugin semantics):",
    "  0   OK: every dataset's newest target snapshot is younger than --warn",
    "  1   WARNING: one is older than --warn, its last run failed, or its source stopped snapshotting",
    "  2   CRITICAL: one is older than --crit",
    "  3   UNKNOWN: no or unreadable run state, a missing source root, a dataset never replicated",
    "",
    DOCS_POINTER,
  ].join("\n");
}
