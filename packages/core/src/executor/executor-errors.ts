import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";

/** The error a dataset fails with when the caller's AbortSignal fired. */
export function cancelledError(source: string, target: string, targetHost: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.CANCELLED,
    `replication of ${source} into ${target} on ${targetHost} was cancelled`,
    {
      host: targetHost,
      dataset: target,
      hint: "Run zrelay again to continue; a resumable receive continues where it stopped.",
    },
  );
}

/**
 * Endpoints throw ZrelayErrors that already name dataset and host; anything else
 * is a bug somewhere below us, reported with the dataset it hit.
 */
export function asDatasetError(
  error: unknown,
  source: string,
  target: string,
  targetHost: string,
): ZrelayError {
  if (isZrelayError(error)) return error;
  return new ZrelayError(
    ErrorCode.COMMAND_FAILED,
    `replication of ${source} into ${target} on ${targetHost} failed: ${errorMessage(error)}`,
    { host: targetHost, dataset: target, cause: error },
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
