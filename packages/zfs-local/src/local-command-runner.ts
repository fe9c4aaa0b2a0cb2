import { closeSync } from "node:fs";
import { userInfo } from "node:os";
import { Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ByteSink, ErrorCode, ZrelayError } from "@zrelay/core";
import {
  type CommandExit,
  type CommandRunner,
  DEFAULT_TAIL_BYTES,
  displayCommand,
  type RunningCommand,
} from "@zrelay/zfs-command";
import { type LocalSettings, runLocal, spawnLocal } from "./local-process.js";
import { receiverOf, registerReceiver } from "./local-receivers.js";
import { ProcByteCounter, readProcIo } from "./proc-io-counter.js";
import { openStreamFifo, PipeWriter, pipeReader } from "./stream-fifo.js";

/** Options of `createLocalCommandRunner`. */
export interface LocalCommandRunnerOptions {
  /** Host label in messages. Default `"localhost"`. */
  readonly host?: string;
  /**
   * Extra environment variables for every command, over this process's own:
   * e.g. `PATH` to find `zfs` (or the zfs emulator), `ZRELAY_FAKE_ZFS_ROOT`.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Time between SIGTERM and SIGKILL when a command is killed. Default 3000 ms. */
  readonly killGraceMs?: number;
  /** How often the bytes of a handed-off stream are sampled from /proc. Default 250 ms. */
  readonly sampleIntervalMs?: number;
}

/**
 * A CommandRunner for processes on this machine (execa, argv only, no shell).
 * Between two of its processes the receiver's stdin pipe is handed to the
 * sender, so a stream never passes through Node.
 */
export function createLocalCommandRunner(options: LocalCommandRunnerOptions = {}): CommandRunner {
  const settings: LocalSettings = Object.freeze({
    host: options.host ?? "localhost",
    env: options.env === undefined ? undefined : Object.freeze({ ...options.env }),
    killGraceMs: options.killGraceMs ?? 3000,
    sampleIntervalMs: options.sampleIntervalMs ?? 250,
    tailBytes: DEFAULT_TAIL_BYTES,
  });
  return Object.freeze({
    host: settings.host,
    user: currentUser(),
    run: (argv: readonly string[]) => runLocal(argv, settings),
    startWithOutput: (argv: readonly string[], sink: ByteSink) => startWithOutput(argv, sink, settings),
    startWithInput: (argv: readonly string[]) => startWithInput(argv, settings),
  });
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function startWithInput(argv: readonly string[], settings: LocalSettings) {
  // The receiver is created first, with a pipe for stdin; a local sender takes that pipe over.
  // Node only ever writes to it, so no byte of the stream is read into Node by accident.
  // A named pipe where possible: see stream-fifo.ts for why zfs send must write a pipe.
  let counter: ProcByteCounter | undefined;
  const fifo = openStreamFifo();
  const receiver = spawnLocal(
    argv,
    { stdin: fifo?.readFd ?? "pipe", stdout: "drain", onStderrEnd: () => counter?.sample() },
    settings,
  );
  if (fifo !== undefined) closeSync(fifo.readFd);
  const stdin = fifo === undefined ? (receiver.stdin as Writable) : new PipeWriter(fifo.writeFd);
  // A write after the receiver died fails with EPIPE; the writer and the exit status report it.
  stdin.on("error", () => undefined);
  const rcharAtStart = readProcIo(receiver.pid)?.rchar ?? 0;
  counter = new ProcByteCounter(receiver.pid, "rchar", rcharAtStart, settings.sampleIntervalMs);
  const command: RunningCommand = {
    exit: receiver.ended.then((end) => {
      counter?.stop();
      return end;
    }),
    kill: () => receiver.kill(),
    bytesTransferred: () => counter?.bytes() ?? 0,
  };
  registerReceiver(stdin, { bytesRead: command.bytesTransferred, ended: receiver.ended });
  return { sink: { writable: stdin, inheritable: true }, command };
}

function startWithOutput(argv: readonly string[], sink: ByteSink, settings: LocalSettings): RunningCommand {
  const { writable } = sink;
  if (writable.destroyed || writable.writableEnded) {
    throw new ZrelayError(
      ErrorCode.TRANSFER_INTERRUPTED,
      `\`${displayCommand(argv)}\` was not started on ${settings.host}: the receiving side is already closed`,
      { host: settings.host, retryable: true, hint: "See why the receive ended, then run zrelay again." },
    );
  }
  return sink.inheritable && hasDescriptor(writable)
    ? startHandOff(argv, writable, settings)
    : startStreaming(argv, writable, settings);
}

// child_process can give a child only a descriptor: our named pipe's, or a stdio pipe's `_handle`.
function hasDescriptor(writable: Writable): boolean {
  if (writable instanceof PipeWriter) return writable.descriptor !== undefined;
  const handle = (writable as Writable & { _handle?: { fd?: number } | null })._handle;
  return typeof handle?.fd === "number" && handle.fd >= 0;
}

/**
 * The sender writes straight into the receiver's stdin pipe. Its bytes are
 * counted from /proc/<pid>/io: `wchar`, sampled while it runs and once more
 * when its stderr closes (it is exiting, and readable until reaped). libuv's
 * forked child writes one byte of its own before exec, hence the baseline of
 * at most 1. If that last sample was missed (Node reaped the sender first),
 * the receiver's count stands in: it reads until the sender's EOF, so its own
 * last sample, as it exits, comes later. See README.md.
 */
function startHandOff(argv: readonly string[], stdin: Writable, settings: LocalSettings): RunningCommand {
  const receiver = receiverOf(stdin);
  let counter: ProcByteCounter | undefined;
  let lastSampleTaken = false;
  const onStderrEnd = () => {
    lastSampleTaken = counter?.sample() ?? false;
  };
  const stdout = stdin instanceof PipeWriter ? (stdin.descriptor as number) : stdin;
  const sender = spawnLocal(argv, { stdin: "ignore", stdout, onStderrEnd }, settings);
  // Node's copy of the pipe goes: the two children now share it alone, so the receiver
  // sees EOF when the sender exits and the sender gets EPIPE/SIGPIPE if the receiver dies.
  // Not end(): on a socketpair that would shut the stream down for the sender too.
  stdin.destroy();
  counter = new ProcByteCounter(
    sender.pid,
    "wchar",
    Math.min(readProcIo(sender.pid)?.wchar ?? 0, 1),
    settings.sampleIntervalMs,
  );
  const exit = sender.ended.then(async (end): Promise<CommandExit> => {
    if (!lastSampleTaken && receiver !== undefined) {
      await Promise.race([receiver.ended, delay(settings.killGraceMs)]);
      counter?.atLeast(receiver.bytesRead());
    }
    counter?.stop();
    // A sender that died of a broken pipe is the echo of a receiver that failed: let the
    // receiver's exit be reported first, so the cause reads as the first failure.
    if (receiver !== undefined && (end.signal === "SIGPIPE" || /broken pipe/i.test(end.stderrTail))) {
      await Promise.race([receiver.ended, delay(settings.killGraceMs)]);
    }
    return end;
  });
  return { exit, kill: () => sender.kill(), bytesTransferred: () => counter?.bytes() ?? 0 };
}

/** The sender's stdout is piped into the sink by Node, with backpressure, counting chunks as they pass. */
function startStreaming(argv: readonly string[], sink: Writable, settings: LocalSettings): RunningCommand {
  // A named pipe where possible: see stream-fifo.ts for why zfs send must write a pipe.
  const fifo = openStreamFifo();
  const sender = spawnLocal(argv, { stdin: "ignore", stdout: fifo?.writeFd ?? "pipe" }, settings);
  if (fifo !== undefined) closeSync(fifo.writeFd);
  const output = fifo === undefined ? (sender.stdout as NodeJS.ReadableStream) : pipeReader(fifo.readFd);
  let bytes = 0;
  let delivered = false;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const delivery = pipeline(output, counting, sink).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  void delivery.then(() => (delivered = true));
  const exit = Promise.all([sender.ended, delivery]).then(
    ([end, outputError]): CommandExit => (outputError === undefined ? end : { ...end, outputError }),
  );
  return {
    exit,
    kill() {
      sender.kill();
      // The reader must see a broken stream, not a clean end. destroy() without an
      // error emits none, so a sink nobody listens to cannot crash the process.
      if (!delivered) sink.destroy();
    },
    bytesTransferred: () => bytes,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
