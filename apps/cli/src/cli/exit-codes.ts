import { ErrorCode, isZrelayError, ZrelayError } from "@zrelay/core";
import { cliManifest } from "./cli-manifest.js";

/**
 * Every exit status zrelay uses; docs/cli.md lists them. This file is the one
 * place that decides which failure ends in which status.
 */
export const ExitCode = {
  /** Everything replicated or was up to date. */
  OK: 0,
  /** One or more datasets failed; the others still ran. */
  FAILED: 1,
  /** The command line or the config file is wrong; nothing ran. */
  USAGE: 2,
  /** Another run holds the lock of this job or target. */
  LOCK_HELD: 3,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each status means, in the order help and the man page list them. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.OK, "every dataset replicated, was up to date, or had nothing to send"],
  [ExitCode.FAILED, "a dataset failed (the others still ran), a root or host is missing, or a check failed"],
  [ExitCode.USAGE, "usage or config error; nothing ran"],
  [ExitCode.LOCK_HELD, "another zrelay run holds the lock"],
  [ExitCode.INTERRUPTED, "stopped by SIGINT"],
  [ExitCode.TERMINATED, "stopped by SIGTERM"],
];

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.USAGE,
  ErrorCode.INVALID_NAME,
  ErrorCode.MAPPING_COLLISION,
  ErrorCode.MAPPING_OUTSIDE_PREFIX,
]);

/** The exit status a failure of a whole job (or of the command line) ends in. */
export function exitCodeOf(error: ZrelayError): ExitCode {
  if (USAGE_CODES.has(error.code)) return ExitCode.USAGE;
  if (error.code === ErrorCode.LOCK_HELD) return ExitCode.LOCK_HELD;
  return ExitCode.FAILED;
}

/** The exit status of a signal that stopped the run. */
export function exitCodeOfSignal(signal: NodeJS.Signals): ExitCode {
  return signal === "SIGINT" ? ExitCode.INTERRUPTED : ExitCode.TERMINATED;
}

// When several jobs end differently, the status says the most important thing:
// a signal, then a usage error, then a held lock, then failed datasets.
const PRECEDENCE: readonly ExitCode[] = [
  ExitCode.INTERRUPTED,
  ExitCode.TERMINATED,
  ExitCode.USAGE,
  ExitCode.LOCK_HELD,
  ExitCode.FAILED,
  ExitCode.OK,
];

/** The status of a run made of several jobs. */
export function combineExitCodes(codes: readonly ExitCode[]): ExitCode {
  return PRECEDENCE.find((code) => codes.includes(code)) ?? ExitCode.OK;
}

/**
 * Anything thrown, as a ZrelayError to print. Something that is not one is a bug
 * in zrelay: said so in one line that says where to report it, with the original
 * as the cause (its stack shown with --debug).
 */
export function asReportedError(error: unknown): ZrelayError {
  if (isZrelayError(error)) return error;
  return new ZrelayError(ErrorCode.COMMAND_FAILED, bugLine(error), { cause: error });
}

/** The one line an unexpected failure ends in. */
export function bugLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    `zrelay failed unexpectedly: ${message}. This is a bug in zrelay ${cliManifest().version}; please report it at ` +
    `${cliManifest().bugsUrl} with the output of the same command run with --debug.`
  );
}

/** Where a failure is printed: the reporter of the run. */
export interface FailureSink {
  failure(error: ZrelayError, source?: string): void;
}

/** Prints a failure of a job or of the command line and says which status it ends in. */
export function reportFailure(error: unknown, sink: FailureSink): ExitCode {
  const reported = asReportedError(error);
  sink.failure(reported);
  return exitCodeOf(reported);
}
