import type { ByteSink } from "@zrelay/core";

/**
 * The second port: how a `zfs` command and its bytes reach one host. The local
 * adapter spawns processes; an SSH adapter runs the same argv over an exec channel
 * (quoting it for the remote shell itself). The argv array is the only input,
 * never a shell string.
 */
export interface CommandRunner {
  /** Host for messages, as the user wrote it: `localhost`, `backup@host-storage`. */
  readonly host: string;
  /** User the commands run as on that host, for `zfs allow` hints; undefined when unknown. */
  readonly user: string | undefined;

  /**
   * Runs argv to completion with stdin closed. Resolves with whatever happened,
   * failures included (non-zero exit, exit 127 when the command is not found).
   * Rejects only when the host could not be asked at all, with a ZrelayError
   * (e.g. CONNECTION_FAILED from an SSH runner).
   */
  run(argv: readonly string[]): Promise<CommandResult>;

  /**
   * Starts argv with its stdout going into `sink`. A local runner given an
   * inheritable sink hands the pipe to the child, so the bytes never pass
   * through Node; otherwise stdout is piped into `sink.writable` with
   * backpressure, and `sink.writable` is ended when stdout ends.
   * Throws a ZrelayError when nothing could be started (e.g. the sink is closed).
   */
  startWithOutput(argv: readonly string[], sink: ByteSink): RunningCommand;

  /**
   * Starts argv and exposes its stdin as a sink. A local runner returns the
   * child's stdin pipe with `inheritable: true` so a local sender can take it over.
   */
  startWithInput(argv: readonly string[]): InputCommand;
}

/** A short command that ran to completion. */
export interface CommandResult {
  /** Exit status; null when killed by a signal. 127 means the command was not found. */
  readonly exitCode: number | null;
  /** Signal name (`SIGTERM`) when the command was killed by one, else null. */
  readonly signal: string | null;
  readonly stdout: string;
  /** What the command wrote to stderr (a runner may keep only the last few KiB). */
  readonly stderr: string;
}

/** How a long-running command ended. */
export interface CommandExit {
  /** Exit status; null when killed by a signal. 127 means the command was not found. */
  readonly exitCode: number | null;
  /** Signal name (`SIGPIPE`, `SIGTERM`) when the command was killed by one, else null. */
  readonly signal: string | null;
  /** The last few KiB of stderr. */
  readonly stderrTail: string;
  /** The last few KiB of stdout of a command started with `startWithInput`; empty otherwise. */
  readonly stdoutTail: string;
  /**
   * Set when the output could not be delivered to the sink (the receiving side
   * went away, the sink errored): the stream is incomplete even if exitCode is 0.
   */
  readonly outputError?: string;
  /**
   * Set when the transport refused to log in to run the command at all (a host
   * key or key refused): nothing ran, and running zrelay again will not help.
   */
  readonly loginFailure?: string;
}

/** A started command. */
export interface RunningCommand {
  /** Settles once the process has exited and its output was delivered. Never rejects. */
  readonly exit: Promise<CommandExit>;
  /** Stops the command (SIGTERM, then SIGKILL after a grace period). Idempotent. */
  kill(): void;
  /**
   * Bytes of the stream moved so far: exact where the runner sees them, sampled
   * (and possibly a little behind) where it handed a pipe from one process to another.
   */
  bytesTransferred(): number;
}

/** A command started by `startWithInput`: write its stdin through `sink`. */
export interface InputCommand {
  readonly sink: ByteSink;
  readonly command: RunningCommand;
}

/** Exit status shells and runners use for "command not found". */
export const COMMAND_NOT_FOUND_EXIT_CODE = 127;
/** Exit status shells use for "found but not executable". */
export const COMMAND_NOT_EXECUTABLE_EXIT_CODE = 126;
