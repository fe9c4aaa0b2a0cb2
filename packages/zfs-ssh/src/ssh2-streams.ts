import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ByteSink, ErrorCode, ZrelayError } from "@zrelay/core";
import {
  type CommandExit,
  DEFAULT_TAIL_BYTES,
  type InputCommand,
  OutputTail,
  type RunningCommand,
} from "@zrelay/zfs-command";
import { afterBytes } from "./byte-count-text.js";
import { type ChannelExit, channelExit, stopChannel } from "./channel-exit.js";
import { ChannelSink } from "./channel-sink.js";
import type { OpenedChannel, SshControlConnection } from "./ssh-control-connection.js";
import type { StreamStart } from "./stream-start.js";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The ssh2 data path: each stream is an exec channel of the control
 * connection, piped by Node with backpressure. Needs no `ssh` binary, but its
 * encryption runs on Node's main thread.
 */
export function ssh2Streams(connection: SshControlConnection): StreamStart {
  return {
    startWithOutput(commandLine, display, sink) {
      return startWithOutput(connection, commandLine, `streaming \`${display}\``, sink);
    },
    startWithInput(commandLine, display) {
      return startWithInput(connection, commandLine, `streaming into \`${display}\``);
    },
  };
}

function exitOf(
  ended: ChannelExit,
  stderr: OutputTail,
  stdout: OutputTail,
  outputError?: string,
): CommandExit {
  const exit = {
    exitCode: ended.exitCode,
    signal: ended.signal,
    stderrTail: stderr.text(),
    stdoutTail: stdout.text(),
  };
  return outputError === undefined ? exit : { ...exit, outputError };
}

function startWithOutput(
  connection: SshControlConnection,
  commandLine: string,
  what: string,
  sink: ByteSink,
): RunningCommand {
  const { writable } = sink;
  if (writable.destroyed || writable.writableEnded) {
    throw new ZrelayError(
      ErrorCode.TRANSFER_INTERRUPTED,
      `${what} did not start: the receiving side is already closed`,
      {
        retryable: true,
        hint: "See why the receive ended, then run zrelay again.",
      },
    );
  }
  let opened: OpenedChannel | undefined;
  let killed = false;
  let delivered = false;
  let bytes = 0;
  const stderr = new OutputTail(DEFAULT_TAIL_BYTES);
  const exit = (async (): Promise<CommandExit> => {
    try {
      opened = await connection.exec(commandLine, what);
    } catch (error) {
      writable.destroy();
      return { exitCode: null, signal: null, stderrTail: "", stdoutTail: "", outputError: message(error) };
    }
    const { channel, lostReason } = opened;
    if (killed) stopChannel(channel);
    channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    channel.end();
    const exited = channelExit(channel);
    const lostText = () => `${lostReason() ?? "the channel closed"}${afterBytes(bytes)}`;
    // The stream ends cleanly only if the command's exit status arrived: EOF from a
    // dead connection must reach the reader as a broken stream, not as the end.
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
      flush(callback) {
        void exited.then((ended) => callback(ended.lost ? new Error(lostText()) : null));
      },
    });
    const outputError = await pipeline(channel, counting, writable).then(
      () => undefined,
      (error: unknown) => {
        channel.resume();
        return message(error);
      },
    );
    delivered = true;
    const ended = await exited;
    return exitOf(ended, stderr, new OutputTail(1), outputError ?? (ended.lost ? lostText() : undefined));
  })();
  return {
    exit,
    kill() {
      if (killed) return;
      killed = true;
      if (opened !== undefined) stopChannel(opened.channel);
      if (!delivered) writable.destroy();
    },
    bytesTransferred: () => bytes,
  };
}

function startWithInput(connection: SshControlConnection, commandLine: string, what: string): InputCommand {
  const opening = connection.exec(commandLine, what);
  const sink = new ChannelSink(opening.then((opened) => opened.channel));
  // A write or end after the command stopped fails; its exit status reports that, and a
  // writer that already let go of the sink must not crash the process with the error.
  sink.on("error", () => undefined);
  let opened: OpenedChannel | undefined;
  let killed = false;
  const stderr = new OutputTail(DEFAULT_TAIL_BYTES);
  const stdout = new OutputTail(DEFAULT_TAIL_BYTES);
  const exit = (async (): Promise<CommandExit> => {
    try {
      opened = await opening;
    } catch (error) {
      return { exitCode: null, signal: null, stderrTail: "", stdoutTail: "", outputError: message(error) };
    }
    const { channel, lostReason } = opened;
    if (killed) stopChannel(channel);
    channel.on("data", (chunk: Buffer) => stdout.push(chunk));
    channel.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const ended = await channelExit(channel);
    const lost = `${lostReason() ?? "the channel closed"}${afterBytes(sink.bytes)}`;
    return exitOf(ended, stderr, stdout, ended.lost ? lost : undefined);
  })();
  const command: RunningCommand = {
    exit,
    kill() {
      if (killed) return;
      killed = true;
      if (opened !== undefined) stopChannel(opened.channel);
      sink.destroy();
    },
    bytesTransferred: () => sink.bytes,
  };
  return { sink: { writable: sink, inheritable: false }, command };
}
