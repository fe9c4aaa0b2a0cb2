import { ErrorCode, ZrelayError } from "@zrelay/core";

/**
 * Quotes one word for a POSIX shell: single quotes around it, each `'` inside
 * written as `'\''`. Nothing is special between single quotes (`$(`, `` ` ``,
 * `\`, newlines), so the word reaches the command exactly.
 */
export function quoteShellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Assignments before `exec` apply to the command it runs (POSIX sh, bash, dash, zsh). */
const REMOTE_PATH = 'PATH="$PATH:/usr/sbin:/sbin"';

/**
 * The command line sshd hands to the user's login shell (`$SHELL -c LINE`) for
 * an argv. Every word is quoted; `exec` makes the shell become the command, so
 * a signal or a closed channel reaches zfs itself. With `sudo`, the command
 * runs as `sudo -n`, which fails instead of asking for a password.
 *
 * `PATH` gets `/usr/sbin` and `/sbin` appended (after the login's own PATH, so
 * a `zfs` the user chose still wins): a non-root SSH login on Debian has
 * neither, and that is where `zfsutils-linux` installs `zfs`.
 */
export function remoteCommandLine(argv: readonly string[], options: { readonly sudo: boolean }): string {
  if (argv.length === 0 || argv[0] === "") throw new Error("a remote command needs at least a command name");
  const nul = argv.find((word) => word.includes("\0"));
  if (nul !== undefined) {
    throw new ZrelayError(
      ErrorCode.USAGE,
      `${JSON.stringify(nul)} cannot be passed to a remote command: it holds a NUL byte`,
    );
  }
  const prefix = options.sudo ? `${REMOTE_PATH} exec sudo -n -- ` : `${REMOTE_PATH} exec `;
  return prefix + argv.map(quoteShellWord).join(" ");
}
