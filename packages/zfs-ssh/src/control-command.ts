import { type CommandResult, DEFAULT_TAIL_BYTES, OutputTail } from "@zrelay/zfs-command";
import { channelExit } from "./channel-exit.js";
import { connectionLostError } from "./ssh-connection-errors.js";
import type { SshControlConnection } from "./ssh-control-connection.js";
import type { SshSettings } from "./ssh-settings.js";

// As much stdout as a local run keeps: zfs listings of big pools are large, but not this large.
const STDOUT_LIMIT = 256 * 1024 * 1024;

/**
 * Runs one command line over an exec channel of the control connection, stdin
 * closed, and collects its stdout whole and the tail of its stderr. Rejects
 * only when the connection could not be used or died before the command ended.
 */
export async function runOverControl(
  connection: SshControlConnection,
  settings: SshSettings,
  commandLine: string,
  display: string,
): Promise<CommandResult> {
  const what = `running \`${display}\``;
  const { channel, lostReason } = await connection.exec(commandLine, what);
  const exit = channelExit(channel);
  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let tooMuch = false;
  const stderr = new OutputTail(DEFAULT_TAIL_BYTES);
  channel.on("data", (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes <= STDOUT_LIMIT) stdout.push(chunk);
    else tooMuch = true;
  });
  channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  channel.end();
  const ended = await exit;
  if (ended.lost) {
    throw connectionLostError(
      settings,
      lostReason() ?? `the connection to ${settings.address} was lost`,
      what,
    );
  }
  return {
    exitCode: ended.exitCode,
    signal: ended.signal,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: stderr.text() + (tooMuch ? "\nzrelay: the command printed more than 256 MiB on stdout\n" : ""),
  };
}
