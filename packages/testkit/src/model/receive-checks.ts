import { parentOf } from "@zrelay/core";
import type { DatasetRecord, PartialReceiveRecord, SnapshotRecord } from "./fake-zfs-state.js";
import type { TransferRecord } from "./transfer-record.js";
import { type ReceiveAction, zfsErrors } from "./zfs-error-catalogue.js";
import { isUserProperty } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/** `zfs receive` flags; zrelay always adds `-u`, which the fake needs nothing for. */
export interface ReceiveOptions {
  /** `-s`: keep partial state (and a resume token) when the stream stops early. */
  readonly resumable?: boolean | undefined;
  /** `-F`. */
  readonly force?: boolean | undefined;
  /** `-o name=value`. */
  readonly setProperties?: Readonly<Record<string, string>> | undefined;
  /** `-x name`. */
  readonly excludeProperties?: readonly string[] | undefined;
}

/** How a record that passed the checks is applied. */
export type ReceiveDecision =
  /** The snapshot (same guid) is already there: ZFS consumes the record and ignores it. */
  | { readonly kind: "skip" }
  /** Full stream into a dataset that does not exist yet. */
  | { readonly kind: "new-dataset" }
  /** Into the existing dataset: `replace` for `-F` full, `rollbackTo` for `-F` incremental, `resumed` for `-t`. */
  | {
      readonly kind: "existing";
      readonly replace: boolean;
      readonly rollbackTo: SnapshotRecord | undefined;
      readonly resumed: PartialReceiveRecord | undefined;
    };

const ENCRYPTION_PROPERTIES = new Set(["encryption", "keyformat", "keylocation", "pbkdf2iters"]);
const READONLY_PROPERTIES = new Set([
  ...["type", "creation", "used", "available", "referenced", "compressratio", "mounted", "origin", "guid"],
  ...["createtxg", "name", "encryptionroot", "keystatus", "receive_resume_token", "written", "userrefs"],
  ...["logicalused", "logicalreferenced", "version", "volsize"],
]);
const SETTABLE_PROPERTIES = new Set([
  ...["canmount", "mountpoint", "readonly", "compression", "atime", "relatime", "recordsize", "quota"],
  ...["refquota", "reservation", "refreservation", "sharenfs", "sharesmb", "snapdir", "xattr", "acltype"],
  ...["sync", "dedup", "copies", "logbias", "primarycache", "secondarycache", "devices", "exec", "setuid"],
  ...["checksum", "dnodesize", "volmode", "redundant_metadata", "special_small_blocks", "overlay"],
]);

/** zfs_receive_checkprops: `-o`/`-x` names a receive may set or exclude. */
export function checkReceiveProperties(options: ReceiveOptions): void {
  const names = [...Object.keys(options.setProperties ?? {}), ...(options.excludeProperties ?? [])];
  for (const name of names) {
    if (isUserProperty(name) || ENCRYPTION_PROPERTIES.has(name)) continue;
    if (READONLY_PROPERTIES.has(name) || !SETTABLE_PROPERTIES.has(name))
      throw zfsErrors.receiveInvalidProperty(name);
  }
}

/** libzfs's `errbuf` for the record: which kind of stream this is. */
export function receiveAction(record: TransferRecord): ReceiveAction {
  if (record.resuming) return "cannot receive resume stream";
  return record.fromGuid === undefined
    ? "cannot receive new filesystem stream"
    : "cannot receive incremental stream";
}

/**
 * zfs_receive_one's checks followed by the kernel's (dmu_recv_begin_check,
 * recv_begin_check_existing_impl, dmu_recv_resume_begin_check), in order.
 */
export function checkRecord(
  store: ZfsStore,
  target: string,
  record: TransferRecord,
  options: ReceiveOptions,
): ReceiveDecision {
  const action = receiveAction(record);
  const wantsNewFs = record.fromGuid === undefined && !record.resuming;
  if (record.raw) {
    const names = [...Object.keys(options.setProperties ?? {}), ...(options.excludeProperties ?? [])];
    const encryption = names.find((name) => ENCRYPTION_PROPERTIES.has(name));
    if (encryption) throw zfsErrors.receiveRawEncryptionProperty(action, encryption);
  }
  const existing = store.dataset(target);
  if (existing === undefined) {
    if (!wantsNewFs || !target.includes("/")) throw zfsErrors.receiveMissing(action, target);
    const parent = store.dataset(parentOf(target) ?? target);
    if (parent === undefined) throw zfsErrors.receiveParentMissing(action, parentOf(target) ?? target);
    if (!record.raw && !store.keyAvailable(parent)) throw zfsErrors.receiveInheritedKey(action, target);
    return { kind: "new-dataset" };
  }
  const force = options.force === true;
  if (wantsNewFs) {
    if (!force) throw zfsErrors.receiveExists(action, target);
    const first = existing.snapshots[0];
    if (first) throw zfsErrors.receiveHasSnapshots(action, target, `${target}@${first.name}`);
  }
  const resumingNewFs = record.fromGuid === undefined && record.resuming;
  if (resumingNewFs && !existing.inconsistent && !force)
    throw zfsErrors.receiveResumingExisting(action, target);
  const encrypted = existing.encryptionRoot !== undefined;
  if (!wantsNewFs && !encrypted && record.raw) throw zfsErrors.receiveRawOnUnencrypted(action, target);
  if (wantsNewFs && force && (record.raw || encrypted)) throw zfsErrors.receiveForceEncrypted(action, target);

  if (record.resuming) return checkResume(existing, record, action, options);
  if (existing.partialReceive) throw zfsErrors.receivePartialState(action, target);
  if (existing.snapshots.some((s) => s.name === record.snapshotName)) {
    if (existing.snapshots.some((s) => s.guid === record.guid)) return { kind: "skip" };
    throw zfsErrors.receiveSnapshotExists(`${target}@${record.snapshotName}`);
  }
  if (record.fromGuid === undefined) {
    return { kind: "existing", replace: true, rollbackTo: undefined, resumed: undefined };
  }
  const base = existing.snapshots.find((s) => s.guid === record.fromGuid);
  if (base === undefined) throw zfsErrors.receiveMismatch(action, target);
  // Not forcing: nothing written since the base, and for raw streams the base must be the latest.
  if (
    !force &&
    (existing.writtenTxg > base.createtxg || (record.raw && existing.snapshots.at(-1) !== base))
  ) {
    throw zfsErrors.receiveModified(action, target, existing.snapshots.at(-1)?.name);
  }
  checkKey(store, existing, record, action);
  return { kind: "existing", replace: false, rollbackTo: force ? base : undefined, resumed: undefined };
}

function checkResume(
  existing: DatasetRecord,
  record: TransferRecord,
  action: ReceiveAction,
  options: ReceiveOptions,
): ReceiveDecision {
  const partial = existing.partialReceive;
  // The kernel answers EINVAL for a stale or mismatched resume; libzfs words it by the -s flag.
  if (
    partial === undefined ||
    partial.record.guid !== record.guid ||
    partial.payloadBytes !== record.resumeOffset
  ) {
    throw zfsErrors.receiveResumeMismatch(action, existing.name, options.resumable === true);
  }
  return { kind: "existing", replace: false, rollbackTo: undefined, resumed: partial };
}

function checkKey(
  store: ZfsStore,
  existing: DatasetRecord,
  record: TransferRecord,
  action: ReceiveAction,
): void {
  const key = store.encryptionRootOf(existing)?.key;
  if (record.raw) {
    if (key?.keyId !== record.encryption?.keyId) throw zfsErrors.receiveKeyMismatch(action, existing.name);
  } else if (key !== undefined && !key.loaded) {
    throw zfsErrors.receiveInheritedKey(action, existing.name);
  }
}
