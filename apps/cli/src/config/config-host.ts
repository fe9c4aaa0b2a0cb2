import { type HostSpec, SSH_DATA_PATHS } from "../job/job-definition.js";
import { zfsPathProblem } from "../job/zfs-path.js";
import { HOST_KEYS, unknownKeyMessage } from "./config-keys.js";
import { type ConfigEntry, type ConfigReader, type ConfigValue, mapEntries } from "./config-nodes.js";
import { readBoolean, readChoice, readInteger, readText } from "./config-values.js";
import { hostNameProblem, userNameProblem } from "./host-shorthand.js";

/** The parts of a host spec one place in the file sets. */
export type HostSettings = { -readonly [K in keyof HostSpec]?: HostSpec[K] };

/** The file's key of each HostSpec field, for messages about fields already read. */
export const HOST_FIELD_KEYS: Readonly<Record<keyof HostSpec, (typeof HOST_KEYS)[number]>> = {
  host: "host",
  user: "user",
  port: "port",
  identity: "identity",
  sudo: "sudo",
  sshDataPath: "ssh-data-path",
  zfsPath: "zfs-path",
};

function readName(
  entry: ConfigEntry,
  reader: ConfigReader,
  example: string,
  problemOf: (name: string) => string | undefined,
): string | undefined {
  const name = readText(entry, reader, example);
  if (name === undefined) return undefined;
  const problem = problemOf(name);
  if (problem === undefined) return name;
  reader.issues.add(entry.offset, entry.keyPath, problem);
  return undefined;
}

/** Reads one of host, user, port, identity, sudo, ssh-data-path, zfs-path into `into`; false for any other key. */
export function readHostField(entry: ConfigEntry, reader: ConfigReader, into: HostSettings): boolean {
  switch (entry.key) {
    case "host": {
      const host = readName(entry, reader, "host-storage", hostNameProblem);
      if (host !== undefined) into.host = host;
      return true;
    }
    case "user": {
      const user = readName(entry, reader, "backup", userNameProblem);
      if (user !== undefined) into.user = user;
      return true;
    }
    case "port": {
      const port = readInteger(entry, reader, 1, 65535);
      if (port !== undefined) into.port = port;
      return true;
    }
    case "identity": {
      const identity = readText(entry, reader, "/root/.ssh/id_ed25519_zrelay");
      if (identity !== undefined) into.identity = identity;
      return true;
    }
    case "sudo": {
      const sudo = readBoolean(entry, reader);
      if (sudo !== undefined) into.sudo = sudo;
      return true;
    }
    case "ssh-data-path": {
      const path = readChoice(entry, reader, SSH_DATA_PATHS);
      if (path !== undefined) into.sshDataPath = path;
      return true;
    }
    case "zfs-path": {
      const path = readName(entry, reader, "/usr/sbin/zfs", zfsPathProblem);
      if (path !== undefined) into.zfsPath = path;
      return true;
    }
    default:
      return false;
  }
}

/** A `source:` or `target:` map: `{ host, user, port, identity, sudo, ssh-data-path }`. */
export function readHostMap(value: ConfigValue, reader: ConfigReader): HostSettings | undefined {
  const entries = mapEntries(value, reader, `a map of ${HOST_KEYS.join(", ")}`);
  if (entries === undefined) return undefined;
  const settings: HostSettings = {};
  for (const entry of entries) {
    if (!readHostField(entry, reader, settings)) {
      reader.issues.add(entry.keyOffset, entry.keyPath, unknownKeyMessage(entry.key, HOST_KEYS));
    }
  }
  return settings;
}
