import type { SshDataPath } from "@zrelay/zfs-ssh";
import type {
  ConnectionFlags,
  PullFlags,
  PushFlags,
  ReplicationFlags,
  SyncFlags,
} from "../adhoc/adhoc-flags.js";
import type { RetentionSetting } from "../config/retention-setting.js";
import { SSH_DATA_PATHS } from "../job/job-definition.js";
import type { OutputSettings } from "../output/output-tiers.js";

/**
 * The parse step between commander and the commands: commander hands over its
 * option values untyped (`Record<string, unknown>`); each command's flags are
 * read here by name and type, once. A value of the wrong type means the program
 * definition and this file disagree: a bug, thrown as a plain Error.
 */
export type OptionValues = Readonly<Record<string, unknown>>;

/** What every command that runs or plans jobs takes besides its jobs. */
export interface RunFlags {
  readonly output: OutputSettings;
  /** `--dry-run`: plan only (the `plan` command sets the mode itself). */
  readonly dryRun: boolean;
  /** `--metrics-file`: written at the end of a run. */
  readonly metricsFile: string | undefined;
}

/** `run`, `plan` and `doctor` with job names. */
export interface ConfigRunFlags extends RunFlags {
  readonly config: string;
  readonly allowRollback: boolean;
  readonly force: boolean;
  /** `run --parallel-jobs N`: jobs at once; undefined leaves it to the config file. */
  readonly parallelJobs?: number | undefined;
}

/** `restore-keys`. */
export interface RestoreKeysFlags {
  readonly output: OutputSettings;
  readonly host: string | undefined;
  readonly keyLocation: string | undefined;
  readonly connection: ConnectionFlags;
}

/** `snapshot`. */
export interface SnapshotFlags {
  readonly output: OutputSettings;
  readonly host: string | undefined;
  readonly prefix: string;
  readonly exclude: readonly string[];
  readonly dryRun: boolean;
  readonly connection: ConnectionFlags;
}

export function snapshotFlagsOf(values: OptionValues): SnapshotFlags {
  return {
    output: outputFlagsOf(values),
    host: text(values, "host"),
    prefix: required(values, "prefix"),
    exclude: texts(values, "exclude") ?? [],
    dryRun: flag(values, "dryRun") ?? false,
    connection: connectionFlagsOf(values),
  };
}

export function outputFlagsOf(values: OptionValues): OutputSettings {
  return {
    quiet: flag(values, "quiet") ?? false,
    debug: flag(values, "debug") ?? false,
    json: flag(values, "json") ?? false,
  };
}

export function runFlagsOf(values: OptionValues): RunFlags {
  return {
    output: outputFlagsOf(values),
    dryRun: flag(values, "dryRun") ?? false,
    metricsFile: text(values, "metricsFile"),
  };
}

export function configRunFlagsOf(values: OptionValues): ConfigRunFlags {
  return {
    ...runFlagsOf(values),
    config: required(values, "config"),
    allowRollback: flag(values, "allowRollback") ?? false,
    force: flag(values, "force") ?? false,
    parallelJobs: count(values, "parallelJobs"),
  };
}

export function restoreKeysFlagsOf(values: OptionValues): RestoreKeysFlags {
  return {
    output: outputFlagsOf(values),
    host: text(values, "host"),
    keyLocation: text(values, "keyLocation"),
    connection: connectionFlagsOf(values),
  };
}

export function pullFlagsOf(values: OptionValues): PullFlags {
  return { ...adhocFlagsOf(values), host: required(values, "host"), dest: required(values, "dest") };
}

export function pushFlagsOf(values: OptionValues): PushFlags {
  return {
    ...adhocFlagsOf(values),
    host: required(values, "host"),
    stripPrefix: required(values, "stripPrefix"),
    targetRoot: text(values, "targetRoot"),
    allowUnencrypted: flag(values, "allowUnencrypted"),
  };
}

export function syncFlagsOf(values: OptionValues): SyncFlags {
  return adhocFlagsOf(values);
}

function adhocFlagsOf(values: OptionValues): ConnectionFlags & ReplicationFlags {
  return {
    ...connectionFlagsOf(values),
    exclude: texts(values, "exclude"),
    includeSnapshots: texts(values, "includeSnapshots"),
    excludeSnapshots: texts(values, "excludeSnapshots"),
    jobs: count(values, "jobs"),
    allowRollback: flag(values, "allowRollback"),
    force: flag(values, "force"),
    bwlimit: count(values, "bwlimit"),
    hold: flag(values, "hold"),
    chainTag: text(values, "chainTag"),
    pruneSource: retentionOf(values, "pruneSource"),
    pruneTarget: retentionOf(values, "pruneTarget"),
  };
}

/** A `--prune-*` value as `retention` in command-options parsed it. */
function retentionOf(values: OptionValues, name: string): RetentionSetting | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && "keep" in value) return value as RetentionSetting;
  throw wrongType(name, value);
}

function connectionFlagsOf(values: OptionValues): ConnectionFlags {
  return {
    user: text(values, "user"),
    port: count(values, "port"),
    identity: text(values, "identity"),
    sudo: flag(values, "sudo"),
    sshDataPath: sshDataPath(values),
    acceptNewHostKey: flag(values, "acceptNewHostKey"),
    zfsPath: text(values, "zfsPath"),
    remoteZfsPath: text(values, "remoteZfsPath"),
  };
}

function sshDataPath(values: OptionValues): SshDataPath | undefined {
  const path = text(values, "sshDataPath");
  if (path === undefined) return undefined;
  const known = SSH_DATA_PATHS.find((choice) => choice === path);
  if (known === undefined) throw wrongType("sshDataPath", path);
  return known;
}

interface ScalarTypes {
  string: string;
  boolean: boolean;
  number: number;
}

function scalar<K extends keyof ScalarTypes>(
  values: OptionValues,
  name: string,
  type: K,
): ScalarTypes[K] | undefined {
  const value = values[name];
  if (value === undefined || typeof value === type) return value as ScalarTypes[K] | undefined;
  throw wrongType(name, value);
}

const text = (values: OptionValues, name: string) => scalar(values, name, "string");
const flag = (values: OptionValues, name: string) => scalar(values, name, "boolean");
const count = (values: OptionValues, name: string) => scalar(values, name, "number");

function required(values: OptionValues, name: string): string {
  const value = text(values, name);
  if (value === undefined) throw wrongType(name, value);
  return value;
}

function texts(values: OptionValues, name: string): string[] | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw wrongType(name, value);
}

function wrongType(name: string, value: unknown): Error {
  return new Error(`option ${name} was parsed as ${JSON.stringify(value) ?? "undefined"}`);
}
