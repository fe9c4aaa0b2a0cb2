import { accessSync, constants } from "node:fs";
import { homedir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";
import type { SshDataPath, SshEndpointOptions } from "./ssh-endpoint-options.js";
import { expandSshPath, readSshHostConfig } from "./ssh-host-config.js";

/** Everything the runner needs, resolved once from the options, the ssh config and the environment. */
export interface SshSettings {
  /** Host in messages, as the user wrote it: `backup@host-storage` or `host-storage`. */
  readonly label: string;
  /** `host:port` or `alias (hostname:port)`, for connection messages. */
  readonly address: string;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  /** Key files to try after the agent, in order. */
  readonly identityFiles: readonly string[];
  /** True when the keys came from `identity` or the config file, not the defaults. */
  readonly identityChosen: boolean;
  readonly agentSocket: string | undefined;
  readonly knownHostsFiles: readonly string[];
  readonly acceptNewHostKey: boolean;
  readonly sudo: boolean;
  readonly dataPath: SshDataPath;
  /** Absolute path of the OpenSSH client; undefined when none was found. */
  readonly sshBinary: string | undefined;
  readonly cipher: string;
  readonly connectTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
}

const DEFAULT_IDENTITIES = ["id_ed25519", "id_ecdsa", "id_rsa"];

export function resolveSshSettings(options: SshEndpointOptions): SshSettings {
  const home = homedir();
  const localUser = userInfo().username;
  const usage = (message: string, hint: string) =>
    new ZrelayError(ErrorCode.USAGE, message, { host: options.host, hint });
  if (!/^[^\s@/-][^\s@/]*$/u.test(options.host) || /\p{Cc}/u.test(options.host))
    throw usage(
      `${JSON.stringify(options.host)} is not a host name`,
      "Give a host name, an address or a Host alias of ~/.ssh/config; the user goes in `user`.",
    );
  const configFile =
    options.sshConfigFile === null ? undefined : (options.sshConfigFile ?? join(home, ".ssh", "config"));
  const config = readSshHostConfig(configFile, options.host);
  const hostName = config.hostName?.replace(/%h/g, options.host) ?? options.host;
  const user = options.user ?? config.user ?? localUser;
  const port = options.port ?? config.port ?? 22;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw usage(`port ${port} of ${options.host} is not a TCP port`, "Give a port between 1 and 65535.");
  const tokens = { home, localUser, hostName, remoteUser: user, port };
  const chosen = options.identity !== undefined ? [options.identity] : config.identityFiles;
  const identityFiles = (
    chosen.length > 0 ? chosen : DEFAULT_IDENTITIES.map((name) => join(home, ".ssh", name))
  ).map((path) => expandSshPath(path, tokens));
  const sshBinary = findInPath("ssh");
  const dataPath = options.dataPath ?? (sshBinary === undefined ? "ssh2" : "openssh");
  if (dataPath === "openssh" && sshBinary === undefined)
    throw usage(
      "the OpenSSH client (ssh) is not installed here, and the openssh data path was chosen",
      `Install openssh-client, or choose the ssh2 data path (${policyReference("sshDataPath", "ssh2")}; the adapter: dataPath "ssh2").`,
    );
  return Object.freeze({
    label: options.user === undefined ? options.host : `${options.user}@${options.host}`,
    address: hostName === options.host ? `${hostName}:${port}` : `${options.host} (${hostName}:${port})`,
    hostName,
    port,
    user,
    identityFiles: Object.freeze(identityFiles),
    identityChosen: chosen.length > 0,
    agentSocket:
      options.agentSocket === null ? undefined : (options.agentSocket ?? nonEmpty(process.env.SSH_AUTH_SOCK)),
    knownHostsFiles: Object.freeze([
      ...(options.knownHostsFiles ?? [join(home, ".ssh", "known_hosts"), "/etc/ssh/ssh_known_hosts"]),
    ]),
    acceptNewHostKey: options.acceptNewHostKey ?? false,
    sudo: options.sudo ?? false,
    dataPath,
    sshBinary,
    cipher: options.cipher ?? "aes128-gcm@openssh.com",
    connectTimeoutMs: positive(options.connectTimeoutMs, 20_000, "connectTimeoutMs", options.host),
    keepaliveIntervalMs: positive(options.keepaliveIntervalMs, 15_000, "keepaliveIntervalMs", options.host),
    keepaliveCountMax: positive(options.keepaliveCountMax, 3, "keepaliveCountMax", options.host),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function positive(value: number | undefined, fallback: number, name: string, host: string): number {
  if (value === undefined) return fallback;
  if (Number.isInteger(value) && value > 0) return value;
  throw new ZrelayError(ErrorCode.USAGE, `${name} must be a positive whole number, got ${value}`, {
    host,
    hint: `Leave ${name} out for the default.`,
  });
}

function findInPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
