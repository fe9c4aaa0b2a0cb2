import type { JobOptions } from "../job/job-definition.js";
import { readDuration } from "./config-monitoring.js";
import type { ConfigEntry, ConfigReader } from "./config-nodes.js";
import { readChainTag } from "./config-snapshot.js";
import { readBandwidth, readBoolean, readInteger, readPatternList } from "./config-values.js";
import { readRetention } from "./retention-setting.js";

/** What a job gets when neither it nor `defaults` says otherwise. */
export const DEFAULT_JOB_OPTIONS: JobOptions = Object.freeze({
  exclude: [],
  includeSnapshots: [],
  excludeSnapshots: [],
  jobs: 1,
  allowRollback: false,
  force: false,
  allowUnencrypted: false,
  allowDecrypt: false,
  bwlimit: undefined,
  acceptNewHostKey: false,
  hold: false,
  chainTag: undefined,
});

/** Options one section of the file sets; `bwlimit: null` is an explicit `unlimited`. */
export type OptionSettings = {
  -readonly [K in keyof JobOptions]?: K extends "bwlimit" | "pruneSource" | "pruneTarget"
    ? NonNullable<JobOptions[K]> | null
    : JobOptions[K];
};

type OptionReader = (entry: ConfigEntry, reader: ConfigReader, into: OptionSettings) => void;

function flag(
  field: "allowRollback" | "force" | "allowUnencrypted" | "allowDecrypt" | "acceptNewHostKey" | "hold",
): OptionReader {
  return (entry, reader, into) => {
    const value = readBoolean(entry, reader);
    if (value !== undefined) into[field] = value;
  };
}

function patterns(field: "exclude" | "includeSnapshots" | "excludeSnapshots"): OptionReader {
  const matches = field === "exclude" ? "dataset" : "snapshot";
  return (entry, reader, into) => {
    const value = readPatternList(entry, reader, matches);
    if (value !== undefined) into[field] = value;
  };
}

function threshold(field: "checkWarn" | "checkCrit" | "checkSourceWarn"): OptionReader {
  return (entry, reader, into) => {
    const value = readDuration(entry, reader);
    if (value !== undefined) into[field] = value;
  };
}

const OPTION_READERS: Readonly<Record<string, OptionReader>> = {
  exclude: patterns("exclude"),
  "include-snapshots": patterns("includeSnapshots"),
  "exclude-snapshots": patterns("excludeSnapshots"),
  jobs: (entry, reader, into) => {
    const value = readInteger(entry, reader, 1);
    if (value !== undefined) into.jobs = value;
  },
  "allow-rollback": flag("allowRollback"),
  force: flag("force"),
  "allow-unencrypted": flag("allowUnencrypted"),
  "allow-decrypt": flag("allowDecrypt"),
  "accept-new-host-key": flag("acceptNewHostKey"),
  "check-warn": threshold("checkWarn"),
  "check-crit": threshold("checkCrit"),
  "check-source-warn": threshold("checkSourceWarn"),
  hold: flag("hold"),
  "chain-tag": (entry, reader, into) => {
    const value = readChainTag(entry, reader);
    if (value !== undefined) into.chainTag = value;
  },
  bwlimit: (entry, reader, into) => {
    const value = readBandwidth(entry, reader);
    if (value !== undefined) into.bwlimit = value;
  },
  "prune-source": (entry, reader, into) => {
    const value = readRetention(entry, reader);
    if (value !== undefined) into.pruneSource = value;
  },
  "prune-target": (entry, reader, into) => {
    const value = readRetention(entry, reader);
    if (value !== undefined) into.pruneTarget = value;
  },
};

/** Reads `entry` into `into` when it is an option key; false when it is some other key. */
export function readOption(entry: ConfigEntry, reader: ConfigReader, into: OptionSettings): boolean {
  const read = OPTION_READERS[entry.key];
  if (read === undefined) return false;
  read(entry, reader, into);
  return true;
}

/** `settings` over `base`: a key given replaces the base value whole (lists are not merged). */
export function applyOptions(base: JobOptions, settings: OptionSettings): JobOptions {
  const { bwlimit, pruneSource, pruneTarget, ...rest } = settings;
  // null is an explicit "off" (`bwlimit: unlimited`, `prune-target: off`) over a default.
  const merged: JobOptions = {
    ...base,
    ...rest,
    ...(pruneSource === undefined ? {} : { pruneSource: pruneSource ?? undefined }),
    ...(pruneTarget === undefined ? {} : { pruneTarget: pruneTarget ?? undefined }),
  };
  if (bwlimit === undefined) return merged;
  return { ...merged, bwlimit: bwlimit ?? undefined };
}
