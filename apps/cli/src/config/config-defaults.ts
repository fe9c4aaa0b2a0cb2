import type { JobOptions } from "../job/job-definition.js";
import { type HostSettings, readHostField } from "./config-host.js";
import { DEFAULTS_KEYS, unknownKeyMessage } from "./config-keys.js";
import { type ConfigReader, type ConfigValue, mapEntries } from "./config-nodes.js";
import { applyOptions, DEFAULT_JOB_OPTIONS, type OptionSettings, readOption } from "./config-options.js";

/** SSH settings `defaults` gives every remote host that does not set its own. */
export type HostDefaults = Omit<HostSettings, "host">;

/** The `defaults` section, resolved over zrelay's built-in defaults. */
export interface ConfigDefaults {
  /** Options every job starts from; a job's own keys replace them. */
  readonly options: JobOptions;
  /** user, port, identity, sudo, sshDataPath for every remote host. */
  readonly host: Readonly<HostDefaults>;
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
  for (const entry of entries) {
    const known = (DEFAULTS_KEYS as readonly string[]).includes(entry.key);
    if (!known || !(readOption(entry, reader, options) || readHostField(entry, reader, host))) {
      reader.issues.add(entry.keyOffset, entry.keyPath, unknownKeyMessage(entry.key, DEFAULTS_KEYS));
    }
  }
  return { options: applyOptions(DEFAULT_JOB_OPTIONS, options), host };
}
