import type { DatasetRecord, SnapshotRecord } from "./fake-zfs-state.js";
import { readResumeToken } from "./receive-resume-token.js";
import type { TransferRecord } from "./transfer-record.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import { splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/** One `zfs send`, in the port's terms. */
export interface SendPlanRequest {
  /** `tank/x@b`. Ignored with `resumeToken`. */
  readonly snapshot: string;
  /** Incremental base: `tank/x@a`, `tank/x#a`, or the short `@a` / `#a`. */
  readonly from?: string | undefined;
  /** `-I` instead of `-i`. */
  readonly intermediates?: boolean | undefined;
  /** `-w`. */
  readonly raw: boolean;
  /** `-t TOKEN`. */
  readonly resumeToken?: string | undefined;
}

/**
 * The records `zfs send` would write for a request, or the error it would
 * print before writing any. Checks run in libzfs's order so the first failure
 * reported is the one real ZFS reports.
 */
export function planSend(store: ZfsStore, request: SendPlanRequest): TransferRecord[] {
  if (request.resumeToken !== undefined) return [planResume(store, request.resumeToken, request.raw)];
  const point = splitPointName(request.snapshot);
  const from =
    request.from === undefined || !/^[@#]/.test(request.from)
      ? request.from
      : `${point?.dataset}${request.from}`;
  if (from !== undefined && request.intermediates)
    return planIntermediates(store, request.snapshot, from, request.raw);
  const { dataset, snapshot } = store.requireSnapshot(request.snapshot);
  let base: { guid: bigint; bookmark: boolean } | undefined;
  if (from !== undefined) base = incrementalBase(store, request.snapshot, snapshot, from);
  if (!request.raw && !store.keyAvailable(dataset)) throw zfsErrors.sendDatasetKey(request.snapshot);
  return [recordFor(store, dataset, snapshot, base, request.raw)];
}

/** `zfs send -i FROM SNAP` base checks (zfs_send_one_cb_impl and the kernel's EXDEV/ENOENT). */
function incrementalBase(store: ZfsStore, snapshotName: string, to: SnapshotRecord, from: string) {
  const fromPoint = splitPointName(from);
  const toDataset = splitPointName(snapshotName)?.dataset;
  if (fromPoint?.kind === "bookmark") {
    const found = store.bookmark(from);
    if (found === undefined) throw zfsErrors.sendSourceMissing(snapshotName, from);
    if (found.dataset.name !== toDataset || found.bookmark.createtxg >= to.createtxg) {
      throw zfsErrors.sendNotEarlier(snapshotName);
    }
    return { guid: found.bookmark.guid, bookmark: true };
  }
  const found = store.requireSnapshot(from);
  if (found.dataset.name !== toDataset || found.snapshot.createtxg >= to.createtxg) {
    throw zfsErrors.sendNotEarlier(snapshotName);
  }
  return { guid: found.snapshot.guid, bookmark: false };
}

/** `zfs send -I FROM SNAP`: every snapshot after FROM up to SNAP, each from the one before. */
function planIntermediates(
  store: ZfsStore,
  snapshotName: string,
  from: string,
  raw: boolean,
): TransferRecord[] {
  if (splitPointName(from)?.kind === "bookmark") throw zfsErrors.sendMultipleFromBookmark(from);
  const point = splitPointName(snapshotName);
  const dataset = store.requireDataset(point?.dataset ?? snapshotName);
  const fromPoint = splitPointName(from);
  if (fromPoint?.dataset !== dataset.name) throw zfsErrors.sendOtherFilesystem(from);
  const base = store.requireSnapshot(from).snapshot;
  const to = store.requireSnapshot(snapshotName).snapshot;
  const toName = point?.name ?? "";
  if (base.createtxg > to.createtxg) throw zfsErrors.sendDoallSourceMissing(dataset.name, toName, base.name);
  if (base === to) throw zfsErrors.sendNotEarlierThan(dataset.name, toName, base.name);
  const chain = dataset.snapshots.filter((s) => s.createtxg > base.createtxg && s.createtxg <= to.createtxg);
  const records: TransferRecord[] = [];
  let previous = base;
  for (const snapshot of chain) {
    if (!raw && !store.keyAvailable(dataset))
      throw zfsErrors.sendSourceKey(`${dataset.name}@${snapshot.name}`);
    records.push(recordFor(store, dataset, snapshot, { guid: previous.guid, bookmark: false }, raw));
    previous = snapshot;
  }
  return records;
}

/** `zfs send -t TOKEN` (zfs_send_resume_impl_cb_impl). */
function planResume(store: ZfsStore, token: string, raw: boolean): TransferRecord {
  const resume = readResumeToken(token);
  const point = splitPointName(resume.toName);
  const dataset = point === undefined ? undefined : store.dataset(point.dataset);
  // guid_to_name: the snapshot may have been renamed, so it is found by guid.
  const snapshot = dataset?.snapshots.find((s) => s.guid === resume.toGuid);
  if (dataset === undefined || snapshot === undefined) {
    throw store.snapshot(resume.toName)
      ? zfsErrors.resumeNotSame(resume.toName)
      : zfsErrors.resumeGone(resume.toName);
  }
  let base: { guid: bigint; bookmark: boolean } | undefined;
  if (resume.fromGuid !== undefined) {
    const fromGuid = resume.fromGuid;
    const asSnapshot = dataset.snapshots.some((s) => s.guid === fromGuid);
    const asBookmark = dataset.bookmarks.some((b) => b.guid === fromGuid);
    if (!asSnapshot && !asBookmark) throw zfsErrors.resumeSourceGone(fromGuid, resume.toName);
    base = { guid: fromGuid, bookmark: !asSnapshot };
  }
  const rawStream = raw || resume.raw;
  const snapshotName = `${dataset.name}@${snapshot.name}`;
  if (!rawStream && !store.keyAvailable(dataset)) throw zfsErrors.sendSourceKey(snapshotName, 255);
  if (resume.payloadOffset > snapshot.payloadBytes) throw zfsErrors.resumeCorrupt();
  const record = recordFor(store, dataset, snapshot, base, rawStream);
  return { ...record, resuming: true, resumeOffset: resume.payloadOffset };
}

function recordFor(
  store: ZfsStore,
  dataset: DatasetRecord,
  snapshot: SnapshotRecord,
  base: { guid: bigint; bookmark: boolean } | undefined,
  raw: boolean,
): TransferRecord {
  // The kernel sets the RAW feature only for encrypted datasets; -w of plain data is an ordinary stream.
  const key = store.encryptionRootOf(dataset)?.key;
  const rawStream = raw && key !== undefined;
  return {
    sourceDataset: dataset.name,
    snapshotName: snapshot.name,
    guid: snapshot.guid,
    createtxg: snapshot.createtxg,
    creation: snapshot.creation,
    type: dataset.type,
    fromGuid: base?.guid,
    fromBookmark: base?.bookmark ?? false,
    raw: rawStream,
    encryption:
      rawStream && key
        ? { algorithm: key.algorithm, keyformat: key.keyformat, keyId: key.keyId, keyDigest: key.keyDigest }
        : undefined,
    files: snapshot.files,
    payloadBytes: snapshot.payloadBytes,
    resuming: false,
    resumeOffset: 0,
  };
}
