import { execa } from "execa";
import { renderTerminal } from "../../apps/cli/src/output/terminal-screen.fixture.js";
import type { CliSandbox } from "./cli-sandbox.js";

/** What zrelay wrote to its terminal, byte for byte, and what the terminal shows after it. */
export interface TerminalResult {
  readonly code: number;
  /** Everything written to the TTY (stdout and stderr alike), escape sequences included. */
  readonly output: string;
  /** The rows left on screen (scrollback included), as a person reads them at the end. */
  readonly screen: string[];
}

// `script -c` takes one shell command line: each word single-quoted, `'` as `'\''`.
const shellWord = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the built zrelay on a pseudo-terminal, as a person at a shell would: util-linux
 * `script` (Debian's bsdutils, always installed) gives it a pty as stdout and stderr.
 * `-e` passes on zrelay's exit status; `exec` makes the shell become zrelay.
 */
export async function zrelayOnTerminal(box: CliSandbox, ...args: string[]): Promise<TerminalResult> {
  const commandLine = ["exec", ...[process.execPath, box.binary, ...args].map(shellWord)].join(" ");
  const result = await execa("script", ["-q", "-f", "-e", "-c", commandLine, "/dev/null"], {
    env: box.env,
    extendEnv: true,
    reject: false,
    stdin: "ignore",
    stripFinalNewline: false,
  });
  const output = String(result.stdout);
  return { code: result.exitCode ?? -1, output, screen: renderTerminal(output) };
}
