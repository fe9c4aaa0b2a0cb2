import { Command } from "commander";
import { pullJob, pushJob, syncJob } from "../adhoc/adhoc-jobs.js";
import { DEFAULT_CONFIG_PATH } from "../config/index.js";
import type { JobDefinition } from "../job/job-definition.js";
import {
  type ConfigRunFlags,
  configRunFlagsOf,
  type OptionValues,
  pullFlagsOf,
  pushFlagsOf,
  type RestoreKeysFlags,
  type RunFlags,
  restoreKeysFlagsOf,
  runFlagsOf,
  type SnapshotFlags,
  snapshotFlagsOf,
  syncFlagsOf,
} from "./command-flags.js";
import { helpFooter } from "./command-help.js";
import {
  addConnectionOptions,
  addOutputOptions,
  addReplicationOptions,
  configOption,
  inheritedOutputOptions,
  positiveInteger,
  required,
} from "./command-options.js";
import type { ExitCode } from "./exit-codes.js";
import { defineMonitoringCommands, type MonitoringHandlers } from "./monitoring-commands.js";

/** What a command does with its jobs: replicate them, show their plan, or check them. */
export type JobAction = "run" | "plan" | "doctor";

/** What the commands call, with typed flags; the CLI app implements it. */
export interface CommandHandlers extends MonitoringHandlers {
  /** pull, push or sync from the command line; `build` throws USAGE for bad arguments. */
  adhoc(action: JobAction, build: () => JobDefinition, flags: RunFlags): Promise<ExitCode>;
  /** Named jobs of the config file (all of them when `names` is empty). */
  configured(action: JobAction, names: readonly string[], flags: ConfigRunFlags): Promise<ExitCode>;
  /** The `zfs load-key` commands for a raw-pushed tree. */
  restoreKeys(root: string, flags: RestoreKeysFlags): Promise<ExitCode>;
  /** `zrelay snapshot`: one snapshot of each dataset named and its descendants. */
  snapshot(datasets: readonly string[], flags: SnapshotFlags): Promise<ExitCode>;
}

/** Where commander writes help and its own errors. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * The command tree, declared in one place: each command's options, help and
 * the handler its parsed flags go to. Each action stores its exit status
 * through `setExit`; commander's own errors (unknown option, missing argument)
 * are thrown by `exitOverride` and mapped by the caller.
 */
export function defineProgram(
  handlers: CommandHandlers,
  output: ProgramOutput,
  setExit: (code: ExitCode) => void,
  version: string,
): Command {
  const program = new Command("zrelay")
    .description("ZFS snapshot replication for backup servers: pull, push, sync; silent on success")
    .version(version)
    .exitOverride()
    // `plan pull --json`: an option after a subcommand belongs to the subcommand, even
    // when `plan` itself has one of that name.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    // Help wraps at 80 columns whatever the terminal, so the pages built ahead for a fast
    // `--help` (reference/help-pages.ts) are what commander prints.
    .configureHelp({ helpWidth: 80 })
    .configureOutput({
      writeOut: output.writeOut,
      writeErr: output.writeErr,
      outputError: (text, write) => write(`🚨 ${text}`),
    })
    .addHelpText("after", helpFooter("zrelay"));

  defineAdhocCommands(program, "run", handlers, setExit);

  const run = program
    .command("run")
    .description(
      "run named jobs of the config file (every job when none is named), several at once, feeders first",
    )
    .argument("[job...]", "job names")
    .addOption(configOption(DEFAULT_CONFIG_PATH))
    .option("--dry-run", "print the plan and change nothing")
    .option("--allow-rollback", "permit planned rollbacks of diverged targets in these jobs")
    .option("--force", "permit overwriting existing targets that have no snapshots in these jobs")
    .option(
      "--parallel-jobs <n>",
      "jobs run at once (default: parallel-jobs: of the config file, else 4); jobs that feed others go first",
      positiveInteger,
    );
  addOutputOptions(run, true)
    .addHelpText("after", helpFooter("run"))
    .action(async (names: string[], values: OptionValues) =>
      setExit(await handlers.configured("run", names, configRunFlagsOf(values))),
    );

  for (const action of ["plan", "doctor"] as const) {
    const command = program
      .command(action)
      .description(
        action === "plan"
          ? "print every step pull, push, sync or a job would run; changes nothing"
          : "check SSH, zfs, the datasets and the delegated permissions a job needs",
      )
      .enablePositionalOptions()
      .argument("[job...]", "job names of the config file (or: pull, push, sync with their arguments)")
      .addOption(configOption(DEFAULT_CONFIG_PATH));
    addOutputOptions(command, false)
      .addHelpText("after", helpFooter(action))
      .action(async (names: string[], values: OptionValues) =>
        setExit(await handlers.configured(action, names, configRunFlagsOf(values))),
      );
    defineAdhocCommands(command, action, handlers, setExit);
  }

  const restoreKeys = program
    .command("restore-keys")
    .description("print the zfs load-key commands that unlock a raw-pushed tree (one per encryption root)")
    .option("--host <host>", "[user@]host holding the pushed tree (default: this machine)")
    .option("--key-location <location>", "zfs load-key -L for every root, e.g. file:///root/backup.key")
    .argument("<dataset>", "root of the pushed tree");
  addConnectionOptions(restoreKeys);
  addOutputOptions(restoreKeys, false)
    .addHelpText("after", helpFooter("restore-keys"))
    .action(async (root: string, values: OptionValues) =>
      setExit(await handlers.restoreKeys(root, restoreKeysFlagsOf(values))),
    );

  defineMonitoringCommands(program, handlers, (code) => setExit(code as ExitCode));
  const snapshot = program
    .command("snapshot")
    .description(
      "take one snapshot <prefix>_<UTC time> of each DATASET and its descendants, one atomic zfs snapshot per pool",
    )
    .option("--host <host>", "[user@]host holding the datasets (default: this machine)")
    .option("--prefix <prefix>", "start of the snapshot names, before _<UTC time>", "zrelay")
    .option(
      "--exclude <pattern>",
      "leave out datasets matching this glob, with their children (repeatable)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--dry-run", "print the snapshots it would take and take none")
    .argument("<dataset...>", "datasets to snapshot, with their descendants");
  addConnectionOptions(snapshot);
  addOutputOptions(snapshot, false)
    .addHelpText("after", helpFooter("snapshot"))
    .action(async (datasets: string[], values: OptionValues) =>
      setExit(await handlers.snapshot(datasets, snapshotFlagsOf(values))),
    );

  return program;
}

/** pull, push and sync under `parent`, doing `action` with the job their arguments describe. */
function defineAdhocCommands(
  parent: Command,
  action: JobAction,
  handlers: CommandHandlers,
  setExit: (code: ExitCode) => void,
): void {
  const mutating = action === "run";
  // The command's own options first, so `--help` lists them before the shared ones.
  const define = (name: string, description: string, own: (command: Command) => Command) => {
    const command = own(parent.command(name).description(description));
    addConnectionOptions(command);
    addReplicationOptions(command, mutating);
    addOutputOptions(command, mutating);
    return command.addHelpText("after", helpFooter(mutating ? name : `${action} ${name}`));
  };
  // `plan --json pull …`: the output flags plan and doctor list before the subcommand count too.
  const flagsOf = (command: Command): OptionValues =>
    mutating ? command.opts() : inheritedOutputOptions(command);

  define("pull", "pull DATASETs and their descendants from HOST into PREFIX/<source name>", (command) =>
    command
      .requiredOption("--host <host>", required("[user@]host to pull from"))
      .requiredOption("--dest <prefix>", required("local dataset the pulled tree goes under"))
      .argument("<dataset...>", "datasets on HOST"),
  ).action(async (datasets: string[], _values: OptionValues, command: Command) => {
    const values = flagsOf(command);
    setExit(await handlers.adhoc(action, () => pullJob(pullFlagsOf(values), datasets), runFlagsOf(values)));
  });

  define("push", "push DATASETs raw-encrypted to HOST, stripping PREFIX from their names", (command) =>
    command
      .requiredOption("--host <host>", required("[user@]host to push to"))
      .requiredOption(
        "--strip-prefix <prefix>",
        required("prefix removed from each local name (whole components)"),
      )
      .option("--target-root <dataset>", "dataset on HOST the stripped names go under")
      .option("--allow-unencrypted", "also push unencrypted datasets (sent raw, with a warning every run)")
      .argument("<dataset...>", "local datasets"),
  ).action(async (datasets: string[], _values: OptionValues, command: Command) => {
    const values = flagsOf(command);
    setExit(await handlers.adhoc(action, () => pushJob(pushFlagsOf(values), datasets), runFlagsOf(values)));
  });

  define(
    "sync",
    "replicate SRC and its descendants to DST; each [user@]host:dataset or a local dataset",
    (command) =>
      command
        .argument("<src>", "[user@]host:dataset or dataset")
        .argument("<dst>", "[user@]host:dataset or dataset"),
  ).action(async (source: string, target: string, _values: OptionValues, command: Command) => {
    const values = flagsOf(command);
    setExit(
      await handlers.adhoc(action, () => syncJob(syncFlagsOf(values), source, target), runFlagsOf(values)),
    );
  });
}
