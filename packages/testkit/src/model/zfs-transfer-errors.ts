import { ErrorCode } from "@zrelay/core";
import { FakeZfsError, fail } from "./fake-zfs-error.js";

/* Messages of zfs send, send -t, receive and receive -A. Reached through zfsErrors. */

/** The `errbuf` of zfs_receive_one: which kind of stream was being received. */
export type ReceiveAction =
  | "cannot receive new filesystem stream"
  | "cannot receive incremental stream"
  | "cannot receive resume stream";

export const transferErrors = {
  // zfs send (zfs_do_send, zfs_send_one, zfs_send_cb_impl, dump_ioctl)
  sendNotEarlier: (snapshot: string) =>
    fail(
      ErrorCode.SEND_FAILED,
      `warning: cannot send '${snapshot}': not an earlier snapshot from the same fs`,
      snapshot,
    ),
  sendSourceMissing: (snapshot: string, from: string) =>
    fail(
      ErrorCode.DATASET_NOT_FOUND,
      `warning: cannot send '${snapshot}': incremental source (${from}) does not exist`,
      from,
    ),
  sendDatasetKey: (snapshot: string) =>
    fail(
      ErrorCode.KEY_NOT_LOADED,
      `warning: cannot send '${snapshot}': dataset key must be loaded`,
      snapshot,
    ),
  /** `exitStatus` 255 on the `zfs send -t` path, whose -1 return becomes the exit code. */
  sendSourceKey: (snapshot: string, exitStatus: 1 | 255 = 1) =>
    fail(
      ErrorCode.KEY_NOT_LOADED,
      `warning: cannot send '${snapshot}': source key must be loaded`,
      snapshot,
      exitStatus,
    ),
  sendMultipleFromBookmark: (from: string) =>
    fail(
      ErrorCode.UNSUPPORTED,
      "Error: multiple snapshots cannot be sent from a bookmark.",
      from,
      1,
      false,
      "bookmarkSendsOne",
    ),
  sendOtherFilesystem: (from: string) =>
    fail(ErrorCode.USAGE, "incremental source must be in same filesystem", from, 2),
  sendNotEarlierThan: (dataset: string, to: string, from: string) =>
    fail(
      ErrorCode.SEND_FAILED,
      `WARNING: could not send ${dataset}@${to}:\nincremental source (${dataset}@${from}) is not earlier than it`,
      `${dataset}@${to}`,
    ),
  sendDoallSourceMissing: (dataset: string, to: string, from: string) =>
    fail(
      ErrorCode.SEND_FAILED,
      `WARNING: could not send ${dataset}@${to}:\nincremental source (${dataset}@${from}) does not exist`,
      `${dataset}@${from}`,
    ),
  sendBrokenPipe: (snapshot: string) =>
    fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      `warning: cannot send '${snapshot}': Broken pipe`,
      snapshot,
      1,
      true,
      "receiverStopped",
    ),
  sendIoError: (snapshot: string) =>
    fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      `warning: cannot send '${snapshot}': Input/output error`,
      snapshot,
      1,
      true,
      "sourcePoolIo",
    ),

  // zfs send -t (zfs_send_resume_impl_cb_impl): zfs_do_send returns libzfs's -1, so `zfs` exits 255.
  resumeCorrupt: () =>
    fail(ErrorCode.RESUME_INVALID, "cannot resume send: resume token is corrupt", undefined, 255),
  resumeNotSame: (toName: string) =>
    fail(
      ErrorCode.RESUME_INVALID,
      `cannot resume send: '${toName}' is no longer the same snapshot used in the initial send`,
      toName,
      255,
    ),
  resumeGone: (toName: string) =>
    fail(
      ErrorCode.RESUME_INVALID,
      `cannot resume send: '${toName}' used in the initial send no longer exists`,
      toName,
      255,
    ),
  resumeSourceGone: (fromGuid: bigint, toName: string) =>
    fail(
      ErrorCode.RESUME_INVALID,
      `cannot resume send: incremental source 0x${fromGuid.toString(16)} no longer exists`,
      toName,
      255,
    ),

  // zfs receive (zfs_receive_one and the kernel errors it translates)
  receiveInvalidProperty: (property: string) =>
    fail(
      ErrorCode.USAGE,
      `cannot receive: invalid property '${property}'`,
      undefined,
      1,
      false,
      "receiveProperties",
    ),
  receiveRawEncryptionProperty: (action: ReceiveAction, property: string) =>
    fail(
      ErrorCode.USAGE,
      `${action}: encryption property '${property}' cannot be set or excluded for raw streams.`,
      undefined,
      1,
      false,
      "receiveProperties",
    ),
  receiveExists: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.DATASET_EXISTS,
      `${action}: destination '${target}' exists\nmust specify -F to overwrite it`,
      target,
    ),
  receiveHasSnapshots: (action: ReceiveAction, target: string, example: string) =>
    fail(
      ErrorCode.DATASET_EXISTS,
      `${action}: destination has snapshots (eg. ${example})\nmust destroy them to overwrite it`,
      target,
    ),
  receiveResumingExisting: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.RESUME_INVALID,
      `${action}: Resuming recv on existing destination '${target}'\nmust specify -F to overwrite it`,
      target,
    ),
  receiveRawOnUnencrypted: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.RECEIVE_FAILED,
      `${action}: cannot perform raw receive on top of existing unencrypted dataset`,
      target,
    ),
  receiveForceEncrypted: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.RECEIVE_FAILED,
      `${action}: zfs receive -F cannot be used to destroy an encrypted filesystem or overwrite an unencrypted one with an encrypted one`,
      target,
    ),
  receiveMissing: (action: ReceiveAction, target: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `${action}: destination '${target}' does not exist`, target),
  receiveParentMissing: (action: ReceiveAction, parent: string) =>
    fail(
      ErrorCode.DATASET_NOT_FOUND,
      `cannot open '${parent}': dataset does not exist\n${action}: unable to restore to destination`,
      parent,
    ),
  receivePartialState: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.RECEIVE_FAILED,
      `${action}: destination ${target} contains partially-complete state from "zfs receive -s".`,
      target,
    ),
  receiveResumeMismatch: (action: ReceiveAction, target: string, resumable: boolean) =>
    fail(
      ErrorCode.RESUME_INVALID,
      resumable
        ? `${action}: kernel modules must be upgraded to receive this stream.`
        : `${action}: invalid backup stream`,
      target,
    ),
  receiveSnapshotExists: (snapshot: string) =>
    fail(ErrorCode.DATASET_EXISTS, `cannot restore to ${snapshot}: destination already exists`, snapshot),
  receiveMismatch: (action: ReceiveAction, target: string) =>
    fail(
      ErrorCode.INCREMENTAL_MISMATCH,
      `${action}: most recent snapshot of ${target} does not\nmatch incremental source`,
      target,
    ),
  /** `latestSnapshot`: the target's newest snapshot (short name), which the hint names. */
  receiveModified: (action: ReceiveAction, target: string, latestSnapshot?: string) =>
    new FakeZfsError(
      ErrorCode.DESTINATION_MODIFIED,
      `${action}: destination ${target} has been modified\nsince most recent snapshot`,
      { dataset: target, ...(latestSnapshot === undefined ? {} : { latestSnapshot }) },
    ),
  receiveInheritedKey: (action: ReceiveAction, target: string) =>
    fail(ErrorCode.KEY_NOT_LOADED, `${action}: inherited key must be loaded`, target),
  receiveKeyMismatch: (action: ReceiveAction, target: string) =>
    fail(ErrorCode.RECEIVE_FAILED, `${action}: encryption key does not match existing key`, target),
  receiveBusy: (action: ReceiveAction, target: string) =>
    fail(ErrorCode.SNAPSHOT_HELD, `${action}: dataset is busy`, target),
  /** The stream stopped inside a record (ZFS_ERR_STREAM_TRUNCATED), with the resume hint when state was saved. */
  receiveIncomplete: (action: ReceiveAction, target: string, token: string | undefined) =>
    fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      `${action}: ${interruptedText("incomplete stream", token)}`,
      target,
      1,
      true,
      token === undefined ? "senderStopped" : "resumeFromSavedState",
    ),
  /** Payload bytes differ from what was sent (ECKSUM). */
  receiveChecksum: (action: ReceiveAction, target: string, token: string | undefined) =>
    fail(ErrorCode.STREAM_INVALID, `${action}: ${interruptedText("checksum mismatch", token)}`, target),
  receiveReadFailed: (target: string) =>
    fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      "cannot receive: failed to read from stream",
      target,
      1,
      true,
      "senderStopped",
    ),
  receiveBadMagic: (target: string) =>
    fail(ErrorCode.STREAM_INVALID, "cannot receive: invalid stream (bad magic number)", target),
  receiveBadStream: (target: string) =>
    fail(ErrorCode.STREAM_INVALID, "cannot receive: invalid backup stream", target),
  abortNothing: (target: string) =>
    fail(ErrorCode.RESUME_INVALID, `'${target}' does not have any resumable receive state to abort`, target),
} as const;

function interruptedText(problem: string, token: string | undefined): string {
  if (token === undefined) return problem;
  return [
    "checksum mismatch or incomplete stream.",
    "Partially received snapshot is saved.",
    "A resuming stream can be generated on the sending system by running:",
    `    zfs send -t ${token}`,
  ].join("\n");
}
