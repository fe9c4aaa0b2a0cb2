import { chainTagViolation, isZrelayError } from "@zrelay/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type PatternTarget, parseBandwidthLimit, patternProblem } from "../config/index.js";
import { parseRetentionText, type RetentionSetting } from "../config/retention-setting.js";
import { SSH_DATA_PATHS } from "../job/job-definition.js";
import type { OptionValues } from "./command-flags.js";

const OUTPUT_OPTIONS = ["quiet", "debug", "json"] as const;

/** `-q/--quiet`, `--no-quiet`, `--debug`, `--json`, `--metrics-file`: on every command. */
export function addOutputOptions(command: Command, metrics: boolean): Command {
  command
    .option("-q, --quiet", "print nothing but errors (on stderr); a successful run prints nothing")
    .option("--no-quiet", "print info lines (the default; overrides an earlier --quiet)")
    .option("--debug", "also print debug lines: commands run, snapshot lists, guids (ignored with --quiet)")
    .option("--json", "print newline-delimited JSON events on stdout instead of lines");
  if (metrics) {
    command.option("--metrics-file <path>", "write Prometheus textfile metrics there at the end of the run");
  }
  return command;
}

/** `--user`, `--port`, `--identity`, `--sudo`, `--ssh-data-path`, `--accept-new-host-key`, the zfs paths. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option("--user <user>", "user to log in as on the remote host (default: ssh config, else yours)")
    .option("--port <port>", "sshd port of the remote host (default: ssh config, else 22)", port)
    .option("--identity <file>", "private key to log in with")
    .option("--sudo", "run remote zfs commands as sudo -n zfs")
    .addOption(
      new Option(
        "--ssh-data-path <path>",
        "send/receive streams through the ssh client (openssh, the default when installed) or zrelay's own connection (ssh2)",
      ).choices(SSH_DATA_PATHS),
    )
    .option("--accept-new-host-key", "accept and record the key of a host not yet in known_hosts")
    .option("--zfs-path <path>", "zfs on this machine (default: PATH, then /usr/sbin, /sbin)")
    .option("--remote-zfs-path <path>", "zfs on the remote host (default: its PATH, then /usr/sbin, /sbin)");
}

/** `--exclude`, `--jobs`, `--allow-rollback`, `--force`, `--bwlimit`, and `--dry-run` when it can mutate. */
export function addReplicationOptions(command: Command, dryRun: boolean): Command {
  command
    .option(
      "--exclude <pattern>",
      "leave out datasets matching this glob, with their children (repeatable)",
      patterns("dataset"),
    )
    .option(
      "--include-snapshots <pattern>",
      "replicate only snapshots whose name after @ matches this glob (repeatable)",
      patterns("snapshot"),
    )
    .option(
      "--exclude-snapshots <pattern>",
      "leave out snapshots whose name after @ matches this glob (repeatable)",
      patterns("snapshot"),
    )
    .option("--jobs <n>", "datasets replicated in parallel, parents before children", positiveInteger, 1)
    .option(
      "--allow-rollback",
      "permit the planned rollback of a diverged target (destroys the snapshots it names)",
    )
    .option("--force", "permit overwriting an existing target that has no snapshots")
    .option(
      "--bwlimit <rate>",
      "limit each stream to RATE bytes per second (50M, 1.5G, unlimited)",
      bandwidth,
    )
    .option("--hold", "hold the newest common snapshot on both sides (blocks destroying it; off by default)")
    .option(
      "--chain-tag <tag>",
      "name of this target in chain bookmarks and holds (default: its host)",
      chainTag,
    )
    .option(
      "--prune-target <rules>",
      "after replicating, destroy the target's snapshots these rules do not keep: 'latest=24,daily=30[,match=GLOB]' (counts: latest hourly daily weekly monthly yearly)",
      retention("--prune-target"),
    )
    .option(
      "--prune-source <rules>",
      "after a dataset replicated, destroy the source's snapshots these rules do not keep (same form as --prune-target)",
      retention("--prune-source"),
    );
  if (dryRun) command.option("--dry-run", "print the plan and change nothing");
  return command;
}

/** The help text of an option commander requires: says so, as help shows no mark of its own. */
export function required(description: string): string {
  return `${description} (required)`;
}

/**
 * The option values of pull, push or sync under `plan` or `doctor`, with the
 * output flags given to the parent (`plan --json pull …`); one given to the
 * subcommand itself wins. `--config` before `pull` would be ignored, so it is
 * refused instead.
 */
export function inheritedOutputOptions(command: Command): OptionValues {
  const parent = command.parent;
  if (parent === null) return command.opts();
  if (parent.getOptionValueSource("config") === "cli") {
    command.error(
      `error: --config names the file of config jobs; '${parent.name()} ${command.name()}' takes its job from the command line. ` +
        `Drop --config, or name jobs: zrelay ${parent.name()} JOB... --config FILE`,
      { exitCode: 2, code: "zrelay.configWithAdhoc" },
    );
  }
  const inherited: Record<string, unknown> = {};
  const own = command.opts();
  for (const name of OUTPUT_OPTIONS) {
    const value = own[name] ?? parent.getOptionValue(name);
    if (value !== undefined) inherited[name] = value;
  }
  return { ...own, ...inherited };
}

/** `--config FILE` for job names. */
export function configOption(defaultPath: string): Option {
  return new Option("--config <file>", "config file of the jobs").default(defaultPath);
}

/** A repeatable glob option; an `@` in one is refused as the config file refuses it. */
function patterns(matches: PatternTarget): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    const problem = patternProblem(value, matches, "--include-snapshots/--exclude-snapshots");
    if (problem !== undefined) throw new InvalidArgumentError(problem);
    return [...(previous ?? []), value];
  };
}

function chainTag(value: string): string {
  const violation = chainTagViolation(value);
  if (violation !== undefined) throw new InvalidArgumentError(`The chain tag ${violation}.`);
  return value;
}

/** `--prune-target 'latest=24,daily=30'`, refused as the config file refuses a bad `prune-target:`. */
function retention(flag: string): (value: string) => RetentionSetting {
  return (value) => {
    const parsed = parseRetentionText(value, flag);
    if (typeof parsed === "string") throw new InvalidArgumentError(parsed);
    return parsed;
  };
}

/** Commander's reader of a whole number of 1 or more (`--jobs`, `--parallel-jobs`). */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError("Give a whole number of 1 or more.");
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new InvalidArgumentError("Give a TCP port from 1 to 65535.");
  }
  return parsed;
}

function bandwidth(value: string): number | undefined {
  try {
    return parseBandwidthLimit(value);
  } catch (error) {
    if (isZrelayError(error)) throw new InvalidArgumentError(error.hint ?? error.message);
    throw error;
  }
}
