import { ErrorCode, ZrelayError } from "@zrelay/core";
import { FakeZfsError } from "../model/fake-zfs-error.js";

/**
 * A FakeZfsError as the ZrelayError a real adapter raises for the same
 * stderr: same code, message = ZFS's text, host and dataset in context, and a
 * hint saying what to do. Anything else passes through unchanged.
 */
export function toZrelayError(error: unknown, host: string): unknown {
  if (!(error instanceof FakeZfsError)) return error;
  return new ZrelayError(error.code, error.message, {
    host,
    ...(error.dataset === undefined ? {} : { dataset: error.dataset }),
    hint: hintFor(error, host),
    retryable: error.retryable,
    cause: error,
  });
}

function hintFor(error: FakeZfsError, host: string): string {
  const name = error.dataset ?? "the dataset";
  switch (error.code) {
    case ErrorCode.DATASET_NOT_FOUND:
      return `Check the name: \`zfs list -t all ${name}\` on ${host} shows what exists.`;
    case ErrorCode.DATASET_EXISTS:
      return `${name} already exists on ${host}; receive into another name, or destroy it if it may go.`;
    case ErrorCode.INCREMENTAL_MISMATCH:
      return `The incremental base is not on ${name}; compare snapshots on both sides and send from a common one.`;
    case ErrorCode.DESTINATION_MODIFIED:
      return `${name} was written to since its latest snapshot; roll it back (zfs rollback) if those changes may be lost, and set readonly=on.`;
    case ErrorCode.SNAPSHOT_HELD:
      return `Release the hold first: \`zfs holds ${name}\`, then \`zfs release TAG ${name}\`.`;
    case ErrorCode.KEY_NOT_LOADED:
      return `Load the key with \`zfs load-key\` on ${host}, or send raw (-w) so no key is needed.`;
    case ErrorCode.RESUME_INVALID:
      return `Discard the interrupted receive with \`zfs receive -A ${name}\` on the target, then send again.`;
    case ErrorCode.STREAM_INVALID:
      return "The stream was damaged in transit; run the replication again.";
    case ErrorCode.TRANSFER_INTERRUPTED:
      return "Run again: a resumable receive continues where it stopped.";
    case ErrorCode.UNSUPPORTED:
      return `The ZFS on ${host} cannot do this; replicate without it.`;
    default:
      return `Run the same zfs command by hand on ${host} to see the full error.`;
  }
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
