import { ErrorCode, type ZfsFailureHint, zfsFailureHint } from "@zrelay/core";
import type { ZfsOperation, ZfsOperationKind } from "./zfs-operation.js";

/** What a rule's hint may use. */
export interface FailureContext {
  readonly operation: ZfsOperation;
  readonly host: string;
  readonly user: string | undefined;
}

/** One recognised zfs failure: the first rule whose pattern matches stderr decides the code. */
export interface StderrRule {
  readonly code: ErrorCode;
  readonly pattern: RegExp;
  /** Only for these operations; any operation when absent. */
  readonly only?: readonly ZfsOperationKind[];
  readonly retryable?: boolean;
  /** Replaces zfs's own words in the message, when they would mislead. */
  readonly reason?: string;
  readonly hint: (context: FailureContext) => string;
}

/** A rule's hint: the shared case (core's ZFS_FAILURE_HINTS) with what this failure knows. */
export function sharedHint(hint: ZfsFailureHint): (context: FailureContext) => string {
  return ({ operation, host, user }) =>
    zfsFailureHint(hint, {
      host,
      user,
      dataset: operation.dataset,
      operation: operation.kind,
      permissions: operation.permissions,
      allowOn: operation.allowOn,
    });
}

/*
 * Texts as OpenZFS 2.x prints them (lib/libzfs/libzfs_sendrecv.c, libzfs_dataset.c,
 * libzfs_util.c, cmd/zfs/zfs_main.c), most specific first. zfs breaks some
 * messages over two lines, hence `\s+` inside them.
 */
export const STDERR_RULES: readonly StderrRule[] = [
  {
    code: ErrorCode.PERMISSION_DENIED,
    pattern: /may only be mounted by root|failed to create mountpoint/i,
    hint: sharedHint("mountNeedsRoot"),
  },
  { code: ErrorCode.PERMISSION_DENIED, pattern: /permission denied/i, hint: sharedHint("grantPermissions") },
  {
    code: ErrorCode.DESTINATION_MODIFIED,
    pattern: /has been modified\s+since most recent snapshot/,
    hint: sharedHint("destinationModified"),
  },
  {
    code: ErrorCode.INCREMENTAL_MISMATCH,
    pattern: /does not\s+match incremental source/,
    hint: sharedHint("incrementalMismatch"),
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /Partially received snapshot is saved/,
    retryable: true,
    reason: "the stream ended early; the partially received state was saved",
    hint: sharedHint("resumeFromSavedState"),
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /broken pipe/i,
    only: ["send"],
    retryable: true,
    reason: "the receiving side stopped reading (broken pipe)",
    hint: sharedHint("receiverStopped"),
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /Input\/output error/,
    only: ["send"],
    retryable: true,
    hint: sharedHint("sourcePoolIo"),
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /incomplete stream|failed to read from stream/,
    retryable: true,
    hint: sharedHint("senderStopped"),
  },
  {
    // EINVAL on a resumable receive: the stream does not continue the saved partial state.
    code: ErrorCode.RESUME_INVALID,
    pattern:
      /kernel modules must be upgraded to receive this stream|cannot receive resume stream: invalid backup stream|Resuming recv on existing destination/,
    hint: sharedHint("discardPartialReceive"),
  },
  {
    code: ErrorCode.STREAM_INVALID,
    pattern: /checksum mismatch|invalid backup stream|invalid stream|unsupported feature|invalid record type/,
    hint: sharedHint("streamDamaged"),
  },
  {
    code: ErrorCode.POOL_FULL,
    pattern: /out of space|no space left|quota exceeded/i,
    hint: sharedHint("poolFull"),
  },
  {
    code: ErrorCode.DATASET_EXISTS,
    pattern:
      /destination '[^']*' exists|destination already exists|destination has snapshots|destination '[^']*' is a clone|dataset already exists|bookmark exists|pool or dataset exists/,
    hint: sharedHint("datasetExists"),
  },
  {
    code: ErrorCode.KEY_NOT_LOADED,
    pattern: /key must be loaded|keys? (?:is|are) not loaded|key not loaded/i,
    hint: sharedHint("keyNotLoaded"),
  },
  {
    code: ErrorCode.SNAPSHOT_HELD,
    pattern: /being held|dataset is busy/,
    only: ["destroy"],
    hint: sharedHint("snapshotHeld"),
  },
  {
    code: ErrorCode.RESUME_INVALID,
    pattern:
      /resume token (?:is corrupt|version)|no longer the same snapshot used in the initial send|used in the initial send no longer exists|incremental source \S+ no longer exists|does not have any resumable receive state|partially-complete state|cannot receive resume stream|cannot resume send/,
    hint: sharedHint("discardPartialReceive"),
  },
  {
    code: ErrorCode.UNSUPPORTED,
    pattern: /multiple snapshots cannot be sent from a bookmark/,
    only: ["send"],
    hint: sharedHint("bookmarkSendsOne"),
  },
  {
    code: ErrorCode.USAGE,
    pattern:
      /invalid property '|cannot be set or excluded for raw streams|' is readonly|does not apply to datasets of this type/,
    hint: sharedHint("receiveProperties"),
  },
  {
    code: ErrorCode.DATASET_NOT_FOUND,
    pattern: /does not exist|no such pool|could not find any snapshots/,
    hint: sharedHint("checkName"),
  },
];
