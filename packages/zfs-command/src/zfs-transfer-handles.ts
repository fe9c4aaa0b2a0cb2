import { Writable } from "node:stream";
import { type ByteSink, ErrorCode, type ReceiveHandle, type SendHandle, ZrelayError } from "@zrelay/core";
import type { CommandExit, InputCommand, RunningCommand } from "./command-runner.js";
import type { ZfsCommandContext } from "./zfs-command-context.js";
import type { ZfsOperation } from "./zfs-operation.js";

/*
 * `done` of a send or receive settles with the process: it resolves when zfs
 * exited 0 (and, for a send, its stream was delivered), else rejects with the
 * mapped ZrelayError. After abort(reason) a failure rejects with that reason
 * itself, so the caller can tell "stopped" from "broke". Nothing is ever left
 * as an unhandled rejection, since a caller may only await one of the two sides.
 */

function aborted(operation: ZfsOperation, host: string): ZrelayError {
  return new ZrelayError(ErrorCode.CANCELLED, `${operation.action} on ${host} was aborted`, {
    host,
    dataset: operation.dataset,
  });
}

/**
 * After an abort, the abort reason stands for a process that was stopped (a signal,
 * no status) or that only echoed the other side's end (TRANSFER_INTERRUPTED: broken
 * pipe, stream cut). One that had already failed on its own keeps its own error:
 * the abort may come from the other side failing because of it (a send of an absent
 * snapshot ends the stream; the receive's "failed to read" must not mask the cause).
 */
function failureOf(own: ZrelayError, exit: CommandExit, abortReason: Error | undefined): Error {
  if (abortReason === undefined) return own;
  const stoppedOrEcho =
    exit.signal !== null || exit.exitCode === null || own.code === ErrorCode.TRANSFER_INTERRUPTED;
  return stoppedOrEcho ? abortReason : own;
}

function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export function startSend(
  context: ZfsCommandContext,
  operation: ZfsOperation,
  argv: () => readonly string[],
  sink: ByteSink,
): SendHandle {
  let command: RunningCommand;
  let words: readonly string[];
  try {
    words = argv();
    command = context.runner.startWithOutput(words, sink);
  } catch (error) {
    return { done: quiet(Promise.reject(error)), progress: () => ({ bytes: 0 }), abort: () => undefined };
  }
  let abortReason: Error | undefined;
  const done = command.exit.then((exit) => {
    if (exit.exitCode === 0 && exit.outputError === undefined) return { bytes: command.bytesTransferred() };
    throw failureOf(
      context.failure(operation, words, { ...exit, stderr: exit.stderrTail }),
      exit,
      abortReason,
    );
  });
  return {
    done: quiet(done),
    progress: () => ({ bytes: command.bytesTransferred() }),
    abort(reason?: Error) {
      if (abortReason !== undefined) return;
      abortReason = reason ?? aborted(operation, context.host);
      command.kill();
    },
  };
}

export function startReceive(
  context: ZfsCommandContext,
  operation: ZfsOperation,
  argv: () => readonly string[],
): ReceiveHandle {
  let started: InputCommand;
  let words: readonly string[];
  try {
    words = argv();
    started = context.runner.startWithInput(words);
  } catch (error) {
    return { sink: refusingSink(error), done: quiet(Promise.reject(error)), abort: () => undefined };
  }
  let abortReason: Error | undefined;
  const done = started.command.exit.then((exit) => {
    if (exit.exitCode === 0) return;
    throw failureOf(
      context.failure(operation, words, { ...exit, stderr: exit.stderrTail }),
      exit,
      abortReason,
    );
  });
  return {
    sink: started.sink,
    done: quiet(done),
    abort(reason?: Error) {
      if (abortReason !== undefined) return;
      abortReason = reason ?? aborted(operation, context.host);
      started.command.kill();
    },
  };
}

// A receive that could not start still needs a sink: one that fails the first write.
function refusingSink(error: unknown): ByteSink {
  const reason = error instanceof Error ? error : new Error(String(error));
  return {
    writable: new Writable({ write: (_chunk, _encoding, callback) => callback(reason) }),
    inheritable: false,
  };
}
