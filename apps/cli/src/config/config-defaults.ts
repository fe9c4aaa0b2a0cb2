import type { JobOptions } from "../job/job-definition.js";
import { type HostSettings, readHostField } from "./config-host.js";
import { DEFAULTS_KEYS, unknownKeyMessage } from "./config-keys.js";
import { type ConfigReader, type ConfigValue, mapEntries } from "./config-nodes.js";
import { applyOptions, DEFAULT_JOB_OPTIONS, type OptionSettings, readOption } from "./config-options.js";
import { MAX_PARALLEL_JOBS } from "./config-parallelism.js";
import { readInteger } from "./config-values.js";

/** SSH settings `defaults` gives every remote host that does not set its own. */
export type HostDefaults = Omit<HostSettings, "host">;

/** The `defaults` section, resolved over zrelay's built-in defaults. */
export interface ConfigDefaults {
  /** Options every job starts from; a job's own keys replace them. */
  readonly options: JobOptions;
  /** user, port, identity, sudo, sshDataPath for every remote host. */
  readonly host: Readonly<HostDefaults>;
  /** `parallel-jobs`: jobs `zrelay run` runs at once; undefined leaves it to `DEFAULT_PARALLEL_JOBS`. */
  readonly parallelJobs?: number;
}

export const EMPTY_DEFAULTS: ConfigDefaults = Object.freeze({
  options: DEFAULT_JOB_OPTIONS,
  host: Object.freeze({}),
});

export function readDefaults(value: ConfigValue, reader: ConfigReader): ConfigDefaults {
  const entries = mapEntries(value, reader, "a map of options shared by every job");
  if (entries === undefined) return EMPTY_DEFAULTS;
  const options: OptionSettings = {};
  const host: HostSettings = {};
  let parallelJobs: number | undefined;
  for (const entry of entries) {
    if (entry.key === "parallel-jobs") {
      parallelJobs = readInteger(entry, reader, 1, MAX_PARALLEL_JOBS);
      continue;
    }
    const known = (DEFAULTS_KEYS as readonly string[]).includes(entry.key);
    if (!known || !(readOption(entry, reader, options) || readHostField(entry, reader, host))) {
      reader.issues.add(entry.keyOffset, entry.keyPath, unknownKeyMessage(entry.key, DEFAULTS_KEYS));
    }
  }
  const resolved = { options: applyOptions(DEFAULT_JOB_OPTIONS, options), host };
  return parallelJobs === undefined ? resolved : { ...resolved, parallelJobs };
}
