/** What goes into a test sshd's configuration file. */
export interface SshdConfigSettings {
  readonly port: number;
  readonly hostKeyFile: string;
  readonly authorizedKeysFile: string;
  readonly maxSessions: number;
  /** Environment of every session (sshd's `SetEnv`), PATH included. */
  readonly sessionEnv: Readonly<Record<string, string>>;
  /** Further `Keyword value` lines, appended last. */
  readonly extraLines: readonly string[];
}

/**
 * An sshd_config for one loopback test server: public-key login only (root
 * included), no PAM, no ownership checks on the temp dir, and the session
 * environment set by sshd itself so the remote PATH reaches the command.
 */
export function renderSshdConfig(settings: SshdConfigSettings): string {
  const setEnv = Object.entries(settings.sessionEnv).map(([name, value]) =>
    quoteSshdWord(`${name}=${value}`),
  );
  return [
    `Port ${settings.port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${quoteSshdWord(settings.hostKeyFile)}`,
    "PidFile none",
    `AuthorizedKeysFile ${quoteSshdWord(settings.authorizedKeysFile)}`,
    "PermitRootLogin prohibit-password",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "StrictModes no",
    "UsePAM no",
    "PrintMotd no",
    "MaxStartups 100",
    `MaxSessions ${settings.maxSessions}`,
    "LogLevel VERBOSE",
    ...(setEnv.length > 0 ? [`SetEnv ${setEnv.join(" ")}`] : []),
    ...settings.extraLines,
    "",
  ].join("\n");
}

// sshd splits arguments on spaces and understands double quotes, not escapes.
function quoteSshdWord(word: string): string {
  if (/["\n]/.test(word)) throw new Error(`sshd_config cannot hold ${JSON.stringify(word)}`);
  return /[\s#'\\]/.test(word) || word === "" ? `"${word}"` : word;
}
