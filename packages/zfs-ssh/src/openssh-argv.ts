import { existsSync } from "node:fs";
import type { SshSettings } from "./ssh-settings.js";

/*
 * ssh expands `%` tokens and `~` in these paths, and splits `-o` values on
 * spaces unless double-quoted; a path holding `"` cannot be passed at all.
 */
function sshPath(path: string): string {
  if (path.includes('"')) throw new Error(`ssh cannot be given the path ${JSON.stringify(path)}`);
  const escaped = path.replaceAll("%", "%%");
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}

/**
 * The OpenSSH client command for one stream, held to the control connection's
 * rules: the same host, port, user and keys; the same known_hosts files, and
 * never a prompt or an unchecked host key; no config file (everything that
 * matters is given here), no control sockets, no forwarding, no tty.
 */
export function opensshArgv(settings: SshSettings, commandLine: string): string[] {
  const option = (value: string) => ["-o", value];
  const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));
  return [
    settings.sshBinary ?? "ssh",
    ...["-F", "none", "-T", "-x", "-a"],
    ...option("BatchMode=yes"),
    ...option("StrictHostKeyChecking=yes"),
    ...option(`UserKnownHostsFile=${settings.knownHostsFiles.map(sshPath).join(" ") || "none"}`),
    ...option("GlobalKnownHostsFile=none"),
    ...option("CheckHostIP=no"),
    ...option("UpdateHostKeys=no"),
    ...option("ControlMaster=no"),
    ...option("ControlPath=none"),
    ...option(`IdentityAgent=${settings.agentSocket === undefined ? "none" : sshPath(settings.agentSocket)}`),
    // The default keys too: ssh looks in the passwd home, zrelay (like Node) in $HOME.
    ...settings.identityFiles
      .filter((file) => settings.identityChosen || existsSync(file))
      .flatMap((file) => ["-i", sshPath(file)]),
    ...(settings.identityChosen ? option("IdentitiesOnly=yes") : []),
    ...option(`ConnectTimeout=${seconds(settings.connectTimeoutMs)}`),
    ...option(`ServerAliveInterval=${seconds(settings.keepaliveIntervalMs)}`),
    ...option(`ServerAliveCountMax=${settings.keepaliveCountMax}`),
    // Not ERROR: "Connection reset by …" and "Connection closed by …" are logged at INFO.
    ...option("LogLevel=INFO"),
    ...["-c", settings.cipher],
    ...["-p", String(settings.port), "-l", settings.user],
    "--",
    settings.hostName,
    commandLine,
  ];
}
