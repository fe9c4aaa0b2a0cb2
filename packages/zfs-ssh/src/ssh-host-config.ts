import { readFileSync } from "node:fs";
import { ErrorCode, ZrelayError } from "@zrelay/core";
import SSHConfig from "ssh-config";

/** What an ssh config file says about one host; only what zrelay honours. */
export interface SshHostConfig {
  readonly hostName: string | undefined;
  readonly user: string | undefined;
  readonly port: number | undefined;
  /** `IdentityFile` values in the order ssh would try them, unexpanded. */
  readonly identityFiles: readonly string[];
}

const NOTHING: SshHostConfig = { hostName: undefined, user: undefined, port: undefined, identityFiles: [] };

/**
 * Reads `Host`, `HostName`, `User`, `Port` and `IdentityFile` for `host` from an
 * ssh config file (first value wins, as in OpenSSH). A missing file says
 * nothing. `Match exec` is never evaluated: reading a config runs no command.
 */
export function readSshHostConfig(file: string | undefined, host: string): SshHostConfig {
  if (file === undefined) return NOTHING;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return NOTHING;
    throw new ZrelayError(ErrorCode.USAGE, `could not read the ssh config file ${file}: ${String(error)}`, {
      host,
      hint: `Fix the permissions of ${file}, or point zrelay at another file.`,
    });
  }
  const computed = SSHConfig.parse(text).compute(host, { ignoreCase: true, matchExec: false });
  const first = (key: string) => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const port = first("port");
  const identity = computed.identityfile;
  return {
    hostName: first("hostname"),
    user: first("user"),
    port: port === undefined ? undefined : Number(port),
    identityFiles: identity === undefined ? [] : Array.isArray(identity) ? identity : [identity],
  };
}

/** Values the `%` tokens of an ssh config path stand for. */
export interface SshPathTokens {
  readonly home: string;
  readonly localUser: string;
  readonly hostName: string;
  readonly remoteUser: string;
  readonly port: number;
}

/** Expands `~/` and the tokens OpenSSH allows in `IdentityFile` (`%d %u %h %r %p %%`). */
export function expandSshPath(path: string, tokens: SshPathTokens): string {
  const withHome = path === "~" || path.startsWith("~/") ? tokens.home + path.slice(1) : path;
  const values: Record<string, string> = {
    d: tokens.home,
    u: tokens.localUser,
    h: tokens.hostName,
    r: tokens.remoteUser,
    p: String(tokens.port),
    "%": "%",
  };
  return withHome.replace(/%(.)/g, (token, letter: string) => values[letter] ?? token);
}
