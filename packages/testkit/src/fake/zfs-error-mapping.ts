import { ErrorCode, type ZfsFailureHint, ZrelayError, zfsFailureHint } from "@zrelay/core";
import { FakeZfsError } from "../model/fake-zfs-error.js";

/**
 * The hint case of a fake error that names none, by its code: the case the
 * command adapter's stderr rules give the same zfs text. Errors whose code
 * covers several cases (an interrupted transfer) name theirs in the catalogue.
 */
const HINT_BY_CODE: Partial<Record<ErrorCode, ZfsFailureHint>> = {
  [ErrorCode.DATASET_NOT_FOUND]: "checkName",
  [ErrorCode.DATASET_EXISTS]: "datasetExists",
  [ErrorCode.INCREMENTAL_MISMATCH]: "incrementalMismatch",
  [ErrorCode.DESTINATION_MODIFIED]: "destinationModified",
  [ErrorCode.SNAPSHOT_HELD]: "snapshotHeld",
  [ErrorCode.KEY_NOT_LOADED]: "keyNotLoaded",
  [ErrorCode.RESUME_INVALID]: "discardPartialReceive",
  [ErrorCode.STREAM_INVALID]: "streamDamaged",
  [ErrorCode.TRANSFER_INTERRUPTED]: "resumeFromSavedState",
  [ErrorCode.POOL_FULL]: "poolFull",
  [ErrorCode.PERMISSION_DENIED]: "grantPermissions",
};

/**
 * A FakeZfsError as the ZrelayError a real adapter raises for the same
 * stderr: same code, message = ZFS's text, host and dataset in context, and
 * the hint the command adapter gives (core's ZFS_FAILURE_HINTS). `operation`
 * is `send`, `receive` or another operation, as the hints word it.
 * Anything else passes through unchanged.
 */
export function toZrelayError(error: unknown, host: string, operation = "other"): unknown {
  if (!(error instanceof FakeZfsError)) return error;
  const hint = error.hint ?? HINT_BY_CODE[error.code] ?? "runByHand";
  return new ZrelayError(error.code, error.message, {
    host,
    ...(error.dataset === undefined ? {} : { dataset: error.dataset }),
    hint: zfsFailureHint(hint, {
      host,
      dataset: error.dataset ?? "<dataset>",
      operation,
      latestSnapshot: error.latestSnapshot,
    }),
    retryable: error.retryable,
    cause: error,
  });
}

/** Refusal of an operation the endpoint was configured not to support. */
export function unsupported(host: string, capability: string, what: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.UNSUPPORTED,
    `${what} is not supported by ${host} (capability ${capability} is off)`,
    {
      host,
      hint: `Plan without ${capability}: the endpoint reports capabilities.${capability} = false.`,
    },
  );
}
