import type { HostSpec } from "../job/job-definition.js";
import type { HostDefaults } from "./config-defaults.js";
import { HOST_FIELD_KEYS, type HostSettings } from "./config-host.js";
import type { ConfigEntry, ConfigReader } from "./config-nodes.js";
import type { HostAddress } from "./host-shorthand.js";

/** What the file says about one side of a job. */
export interface SideSources {
  /** Host and user from the shorthand (`from: backup@host-storage`), if written there. */
  readonly address?: HostAddress | undefined;
  /** The shorthand key (`from`/`to`), when present. */
  readonly shorthandEntry?: ConfigEntry | undefined;
  /** The `source:`/`target:` map, when present and readable. */
  readonly settings?: HostSettings | undefined;
  readonly settingsEntry?: ConfigEntry | undefined;
}

/**
 * One side's HostSpec: the shorthand's host and user, the map's settings, then
 * the `defaults` SSH settings. A host given in two places is an error rather than
 * a silent choice; SSH settings on a side without a host are one too, because
 * they would be ignored.
 */
export function resolveSide(sources: SideSources, defaults: HostDefaults, reader: ConfigReader): HostSpec {
  const { address, settings = {}, settingsEntry, shorthandEntry } = sources;
  if (address !== undefined && settingsEntry !== undefined && shorthandEntry !== undefined) {
    const repeated = (["host", "user"] as const).filter(
      (field) => settings[field] !== undefined && address[field] !== undefined,
    );
    if (repeated.length > 0) {
      reader.issues.add(
        settingsEntry.keyOffset,
        settingsEntry.keyPath,
        `sets ${repeated.join(" and ")}, which '${shorthandEntry.key}' already gives; set ${repeated.length > 1 ? "them" : "it"} in one place`,
      );
    }
  }
  const host = address?.host ?? settings.host;
  const zfsPath = settings.zfsPath;
  if (host === undefined) {
    // zfs-path is the one setting that means something for this machine too.
    const stray = (Object.keys(settings) as (keyof HostSettings)[])
      .filter((field) => field !== "zfsPath")
      .map((field) => HOST_FIELD_KEYS[field]);
    if (stray.length > 0 && settingsEntry !== undefined) {
      reader.issues.add(
        settingsEntry.keyOffset,
        settingsEntry.keyPath,
        `sets ${stray.join(", ")} but no host; this side is the local machine, so add host or remove them`,
      );
    }
    return zfsPath === undefined ? {} : { zfsPath };
  }
  const spec: HostSettings = { host };
  if (zfsPath !== undefined) spec.zfsPath = zfsPath;
  const user = address?.user ?? settings.user ?? defaults.user;
  const port = settings.port ?? defaults.port;
  const identity = settings.identity ?? defaults.identity;
  const sudo = settings.sudo ?? defaults.sudo;
  const sshDataPath = settings.sshDataPath ?? defaults.sshDataPath;
  if (user !== undefined) spec.user = user;
  if (port !== undefined) spec.port = port;
  if (identity !== undefined) spec.identity = identity;
  if (sudo !== undefined) spec.sudo = sudo;
  if (sshDataPath !== undefined) spec.sshDataPath = sshDataPath;
  return spec;
}
