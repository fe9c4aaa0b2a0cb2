import { ErrorCode } from "@zrelay/core";
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

const datasetPart = (name: string) => name.replace(/[@#].*$/, "");

export function allowHint({ operation, host, user }: FailureContext): string {
  if (operation.permissions.length === 0)
    return `Run zrelay as a user that may run this zfs command on ${host}.`;
  return `Grant the permissions as root on ${host}: zfs allow ${user ?? "<user>"} ${operation.permissions.join(",")} ${operation.allowOn}`;
}

const rerun = "Run zrelay again; a resumable receive continues where it stopped.";

function discardPartialHint({ operation, host }: FailureContext): string {
  return operation.kind === "send"
    ? "The partial receive on the target no longer matches the source. Discard it on the target with `zfs receive -A <target dataset>`, then run zrelay again to start over."
    : `Discard the partial receive on ${host} with \`zfs receive -A ${datasetPart(operation.dataset)}\`, then run zrelay again to start over.`;
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
    hint: ({ host }) =>
      `Only root can mount on ${host}. zrelay receives with -u and creates missing parents with canmount=off; set canmount=off on the parent that tried to mount (zfs set canmount=off <dataset>), or create it as root.`,
  },
  { code: ErrorCode.PERMISSION_DENIED, pattern: /permission denied/i, hint: allowHint },
  {
    code: ErrorCode.DESTINATION_MODIFIED,
    pattern: /has been modified\s+since most recent snapshot/,
    hint: ({ operation: { dataset }, host }) =>
      `Something changed ${dataset} on ${host} after its most recent snapshot (often atime updates or a process writing into a mounted backup). See what with \`zfs diff ${dataset}@<latest snapshot>\`, discard it with \`zfs rollback ${dataset}@<latest snapshot>\`, and keep backups unchanged with \`zfs set readonly=on ${dataset}\`.`,
  },
  {
    code: ErrorCode.INCREMENTAL_MISMATCH,
    pattern: /does not\s+match incremental source/,
    hint: ({ operation: { dataset }, host }) =>
      `The stream's base is not the most recent snapshot of ${datasetPart(dataset)} on ${host}. Compare guids on both hosts (zfs list -t snapshot -o name,guid -s createtxg ${datasetPart(dataset)}) and run zrelay again so it plans from the current state.`,
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /Partially received snapshot is saved/,
    retryable: true,
    reason: "the stream ended early; the partially received state was saved",
    hint: () => rerun,
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /broken pipe/i,
    only: ["send"],
    retryable: true,
    reason: "the receiving side stopped reading (broken pipe)",
    hint: () =>
      "See why the receive failed, then run zrelay again; a resumable receive continues where it stopped.",
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /Input\/output error/,
    only: ["send"],
    retryable: true,
    hint: () => "Run zrelay again; if it repeats, check the source pool's health (zpool status).",
  },
  {
    code: ErrorCode.TRANSFER_INTERRUPTED,
    pattern: /incomplete stream|failed to read from stream/,
    retryable: true,
    hint: () =>
      "The sending side stopped before the end of the stream; see why the send failed, then run zrelay again.",
  },
  {
    // EINVAL on a resumable receive: the stream does not continue the saved partial state.
    code: ErrorCode.RESUME_INVALID,
    pattern:
      /kernel modules must be upgraded to receive this stream|cannot receive resume stream: invalid backup stream|Resuming recv on existing destination/,
    hint: discardPartialHint,
  },
  {
    code: ErrorCode.STREAM_INVALID,
    pattern: /checksum mismatch|invalid backup stream|invalid stream|unsupported feature|invalid record type/,
    hint: ({ host }) =>
      `The stream was damaged or is of a kind ${host} cannot receive. Run zrelay again; if it repeats, compare the OpenZFS versions of both hosts (zfs version).`,
  },
  {
    code: ErrorCode.POOL_FULL,
    pattern: /out of space|no space left|quota exceeded/i,
    hint: ({ operation: { dataset }, host }) =>
      `Free space on ${host} (destroy old snapshots, raise the quota of ${datasetPart(dataset)}, or grow the pool), then run zrelay again.`,
  },
  {
    code: ErrorCode.DATASET_EXISTS,
    pattern:
      /destination '[^']*' exists|destination already exists|destination has snapshots|destination '[^']*' is a clone|dataset already exists|bookmark exists|pool or dataset exists/,
    hint: ({ operation: { dataset }, host }) =>
      `${dataset} already exists on ${host} and a full stream would replace it. Receive into another dataset, or remove it yourself if it holds nothing you need.`,
  },
  {
    code: ErrorCode.KEY_NOT_LOADED,
    pattern: /key must be loaded|keys? (?:is|are) not loaded|key not loaded/i,
    hint: ({ operation, host }) =>
      operation.kind === "send"
        ? `Load the key on ${host} (zfs load-key <encryption root of ${datasetPart(operation.dataset)}>), or send raw so no key is needed (zrelay's default for encrypted datasets).`
        : `Load the key of the target's encryption root on ${host} (zfs load-key), or receive a raw stream.`,
  },
  {
    code: ErrorCode.SNAPSHOT_HELD,
    pattern: /being held|dataset is busy/,
    only: ["destroy"],
    hint: ({ operation: { dataset } }) =>
      `See the holds with \`zfs holds ${dataset}\` and release them with \`zfs release <tag> ${dataset}\` once nothing needs them.`,
  },
  {
    code: ErrorCode.RESUME_INVALID,
    pattern:
      /resume token (?:is corrupt|version)|no longer the same snapshot used in the initial send|used in the initial send no longer exists|incremental source \S+ no longer exists|does not have any resumable receive state|partially-complete state|cannot receive resume stream|cannot resume send/,
    hint: discardPartialHint,
  },
  {
    code: ErrorCode.UNSUPPORTED,
    pattern: /multiple snapshots cannot be sent from a bookmark/,
    only: ["send"],
    hint: () => "Send from a bookmark with -i (one snapshot at a time), not -I.",
  },
  {
    code: ErrorCode.USAGE,
    pattern:
      /invalid property '|cannot be set or excluded for raw streams|' is readonly|does not apply to datasets of this type/,
    hint: () => "Check the properties zrelay was configured to set (-o) or exclude (-x) on receive.",
  },
  {
    code: ErrorCode.DATASET_NOT_FOUND,
    pattern: /does not exist|no such pool|could not find any snapshots/,
    hint: ({ operation: { dataset }, host }) =>
      `Check the name on ${host}: zfs list -t all -r ${datasetPart(dataset)}`,
  },
];
