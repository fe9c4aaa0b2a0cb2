/**
 * Every failure zrelay reports has one of these codes. The CLI maps codes to exit
 * codes in one place; adapters must use these codes so a third-party endpoint's
 * failures read the same as ours.
 */
export const ErrorCode = {
  /** A dataset, snapshot or bookmark name breaks OpenZFS naming rules. */
  INVALID_NAME: "INVALID_NAME",
  /** The named dataset, snapshot or bookmark does not exist on that host. */
  DATASET_NOT_FOUND: "DATASET_NOT_FOUND",
  /** The dataset already exists where zrelay wanted to create or fully receive it. */
  DATASET_EXISTS: "DATASET_EXISTS",
  /** The user lacks a delegated permission (`zfs allow`). */
  PERMISSION_DENIED: "PERMISSION_DENIED",
  /** The pool has no space left. */
  POOL_FULL: "POOL_FULL",
  /** The incremental base of a stream is not the target's most recent snapshot. */
  INCREMENTAL_MISMATCH: "INCREMENTAL_MISMATCH",
  /** The target was written to since its most recent snapshot. */
  DESTINATION_MODIFIED: "DESTINATION_MODIFIED",
  /** A snapshot is held (`zfs hold`) and cannot be destroyed. */
  SNAPSHOT_HELD: "SNAPSHOT_HELD",
  /** The encryption key is not loaded where a non-raw send needs it. */
  KEY_NOT_LOADED: "KEY_NOT_LOADED",
  /** A source for an untrusted (raw-push) target is not encrypted and unencrypted sources were not allowed. */
  SOURCE_NOT_ENCRYPTED: "SOURCE_NOT_ENCRYPTED",
  /** An encrypted source's copy on an untrusted target is not encrypted: that host can read it. */
  TARGET_NOT_ENCRYPTED: "TARGET_NOT_ENCRYPTED",
  /** The key of a dataset on an untrusted target is loaded there (`keystatus=available`): that host can read it. */
  KEY_EXPOSED: "KEY_EXPOSED",
  /** The `zfs` command is not installed on that host. */
  ZFS_NOT_INSTALLED: "ZFS_NOT_INSTALLED",
  /** A resume token is stale, corrupt or does not match the stream. */
  RESUME_INVALID: "RESUME_INVALID",
  /** A send stream was malformed or truncated. */
  STREAM_INVALID: "STREAM_INVALID",
  /** `zfs send` failed. */
  SEND_FAILED: "SEND_FAILED",
  /** `zfs receive` failed. */
  RECEIVE_FAILED: "RECEIVE_FAILED",
  /** The endpoint cannot do what the plan asks (capability missing). */
  UNSUPPORTED: "UNSUPPORTED",
  /** Target has snapshots the source lacks, newer than the latest common one. */
  CONFLICT_DIVERGED: "CONFLICT_DIVERGED",
  /** Target has snapshots but none in common with the source. */
  CONFLICT_NO_COMMON_SNAPSHOT: "CONFLICT_NO_COMMON_SNAPSHOT",
  /** Target exists but has no snapshots, so a full receive would overwrite it. */
  CONFLICT_TARGET_NOT_EMPTY: "CONFLICT_TARGET_NOT_EMPTY",
  /** Two source datasets would land on the same target dataset. */
  MAPPING_COLLISION: "MAPPING_COLLISION",
  /** A source dataset is outside the prefix being stripped. */
  MAPPING_OUTSIDE_PREFIX: "MAPPING_OUTSIDE_PREFIX",
  /** Could not reach the host (network, SSH, authentication). Retryable. */
  CONNECTION_FAILED: "CONNECTION_FAILED",
  /** The transfer stopped part-way (channel died, process killed). Retryable. */
  TRANSFER_INTERRUPTED: "TRANSFER_INTERRUPTED",
  /** The run was cancelled (SIGINT/SIGTERM). */
  CANCELLED: "CANCELLED",
  /** Another zrelay run holds the lock of this job or target. */
  LOCK_HELD: "LOCK_HELD",
  /** A zfs command failed in a way zrelay does not recognise. */
  COMMAND_FAILED: "COMMAND_FAILED",
  /** The command line or configuration is wrong. */
  USAGE: "USAGE",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
