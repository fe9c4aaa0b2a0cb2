import type { DatasetRecord, SnapshotRecord } from "./fake-zfs-state.js";
import { DEFAULT_PAYLOAD_BYTES, inheritedValue, PAYLOAD_BYTES_PROPERTY } from "./property-view.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import { splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/** A snapshot's own user properties (`zfs snapshot -o user:prop=value`). */
type SnapshotProperties = Readonly<Record<string, string>>;

/**
 * `zfs snapshot [-o user:prop=value]... DATASET@NAME`: captures the files and the
 * payload size in effect now; `properties` are the snapshot's own user properties.
 */
export function takeSnapshot(
  store: ZfsStore,
  fullName: string,
  properties: SnapshotProperties = {},
): SnapshotRecord {
  const [snapshot] = takeSnapshots(store, [fullName], properties);
  return snapshot as SnapshotRecord;
}

/**
 * `zfs snapshot [-o …] A@x B@y …`: all or none, in one transaction group, as lzc_snapshot
 * does; every name is checked before any is taken. Snapshots in two pools, or two
 * of one dataset, are refused with EXDEV's message, as zfs_ioc_snapshot does.
 */
export function takeSnapshots(
  store: ZfsStore,
  fullNames: readonly string[],
  properties: SnapshotProperties = {},
): SnapshotRecord[] {
  const checked = fullNames.map((fullName) => {
    const point = splitPointName(fullName);
    if (point?.kind !== "snapshot") throw zfsErrors.notFound(fullName);
    const dataset = store.requireDataset(point.dataset);
    if (dataset.snapshots.some((s) => s.name === point.name)) throw zfsErrors.snapshotExists(fullName);
    return { fullName, dataset, name: point.name };
  });
  const pools = new Set(checked.map((one) => one.dataset.name.split("/")[0]));
  const datasets = new Set(checked.map((one) => one.dataset.name));
  if (pools.size > 1 || datasets.size < checked.length) throw zfsErrors.snapshotsAcrossPools();
  const [first] = checked;
  if (first === undefined) return [];
  const createtxg = store.nextTxg(first.fullName);
  return checked.map(({ dataset, name }) => recordSnapshot(store, dataset, name, createtxg, properties));
}

function recordSnapshot(
  store: ZfsStore,
  dataset: DatasetRecord,
  name: string,
  createtxg: bigint,
  properties: SnapshotProperties,
): SnapshotRecord {
  const setting = inheritedValue(store, dataset, PAYLOAD_BYTES_PROPERTY)?.value;
  const payloadBytes = setting === undefined ? DEFAULT_PAYLOAD_BYTES : Number.parseInt(setting, 10);
  const snapshot: SnapshotRecord = {
    name,
    guid: store.newGuid(),
    createtxg,
    creation: store.now(),
    files: dataset.files,
    payloadBytes:
      Number.isSafeInteger(payloadBytes) && payloadBytes >= 0 ? payloadBytes : DEFAULT_PAYLOAD_BYTES,
    holds: {},
    ...(Object.keys(properties).length === 0 ? {} : { properties: { ...properties } }),
  };
  dataset.snapshots.push(snapshot);
  return snapshot;
}

/**
 * `zfs bookmark SOURCE BOOKMARK`: same guid, createtxg and creation as the
 * source snapshot (or bookmark). `bookmark` may be `#name` or a full name.
 */
export function createBookmark(store: ZfsStore, source: string, bookmark: string): void {
  const sourcePoint = splitPointName(source);
  const found = sourcePoint?.kind === "bookmark" ? store.bookmark(source) : store.snapshot(source);
  if (sourcePoint === undefined || found === undefined) throw zfsErrors.notFound(source, 2);
  const full = bookmark.startsWith("#") ? `${sourcePoint.dataset}${bookmark}` : bookmark;
  const point = splitPointName(full);
  if (point?.kind !== "bookmark") throw zfsErrors.bookmarkNotAncestor(full);
  if (point.dataset !== sourcePoint.dataset) throw zfsErrors.bookmarkNotAncestor(full);
  const dataset = found.dataset;
  if (dataset.bookmarks.some((b) => b.name === point.name)) throw zfsErrors.bookmarkExists(full);
  const origin = "snapshot" in found ? found.snapshot : found.bookmark;
  store.nextTxg(full);
  dataset.bookmarks.push({
    name: point.name,
    guid: origin.guid,
    createtxg: origin.createtxg,
    creation: origin.creation,
  });
  dataset.bookmarks.sort((a, b) => (a.createtxg < b.createtxg ? -1 : a.createtxg > b.createtxg ? 1 : 0));
}

/** `zfs destroy DATASET@NAME`: refused while held or while an interrupted receive depends on it. */
export function destroySnapshot(store: ZfsStore, fullName: string): void {
  const point = splitPointName(fullName);
  const dataset = store.requireDataset(point?.dataset ?? fullName);
  const snapshot = dataset.snapshots.find((s) => s.name === point?.name);
  if (point?.kind !== "snapshot" || snapshot === undefined) throw zfsErrors.destroyNoSnapshots(fullName);
  assertDestroyable(dataset, snapshot);
  store.nextTxg(fullName);
  dataset.snapshots = dataset.snapshots.filter((s) => s !== snapshot);
}

/**
 * `zfs destroy DATASET@a,b,c`: all or none, as OpenZFS's lzc_destroy_snaps is: a held
 * snapshot refuses the whole list. Names not there are skipped; none there is ZFS's error.
 */
export function destroySnapshots(store: ZfsStore, datasetName: string, shortNames: readonly string[]): void {
  const dataset = store.requireDataset(datasetName);
  const doomed = dataset.snapshots.filter((s) => shortNames.includes(s.name));
  if (doomed.length === 0) throw zfsErrors.destroyNoSnapshots(`${datasetName}@${shortNames.join(",")}`);
  for (const snapshot of doomed) assertDestroyable(dataset, snapshot);
  for (const snapshot of doomed) store.nextTxg(`${datasetName}@${snapshot.name}`);
  dataset.snapshots = dataset.snapshots.filter((s) => !doomed.includes(s));
}

/** `zfs destroy DATASET#NAME`. */
export function destroyBookmark(store: ZfsStore, fullName: string): void {
  const found = store.bookmark(fullName);
  if (found === undefined) throw zfsErrors.destroyBookmarkMissing(fullName);
  store.nextTxg(fullName);
  found.dataset.bookmarks = found.dataset.bookmarks.filter((b) => b !== found.bookmark);
}

/** Throws ZFS's refusal when a snapshot may not be destroyed (holds, or the base of a `%recv` clone). */
export function assertDestroyable(dataset: DatasetRecord, snapshot: SnapshotRecord): void {
  const fullName = `${dataset.name}@${snapshot.name}`;
  if (Object.keys(snapshot.holds).length > 0) throw zfsErrors.destroySnapshotBusy(fullName);
  const partial = dataset.partialReceive;
  if (partial && !partial.newDataset && partial.record.fromGuid === snapshot.guid) {
    throw zfsErrors.destroySnapshotCloned(fullName);
  }
}

/**
 * `zfs rollback [-r] DATASET@NAME`. Without `destroyNewer` it refuses when
 * anything is newer; with it (`-r`) it destroys every later snapshot AND
 * every later bookmark, as libzfs's zfs_rollback does since OpenZFS 0.8.
 * Returns the full names destroyed.
 */
export function rollback(
  store: ZfsStore,
  fullName: string,
  options: { readonly destroyNewer?: boolean } = {},
) {
  const { dataset, snapshot } = store.requireSnapshot(fullName);
  const newerSnapshots = dataset.snapshots.filter((s) => s.createtxg > snapshot.createtxg);
  const newerBookmarks = dataset.bookmarks.filter((b) => b.createtxg > snapshot.createtxg);
  const destroyed = [
    ...newerSnapshots.map((s) => `${dataset.name}@${s.name}`),
    ...newerBookmarks.map((b) => `${dataset.name}#${b.name}`),
  ];
  if (destroyed.length > 0 && !options.destroyNewer) throw zfsErrors.rollbackNewer(fullName, destroyed);
  for (const newer of newerSnapshots) assertDestroyable(dataset, newer);
  store.nextTxg(fullName);
  dataset.snapshots = dataset.snapshots.filter((s) => !newerSnapshots.includes(s));
  dataset.bookmarks = dataset.bookmarks.filter((b) => !newerBookmarks.includes(b));
  dataset.files = snapshot.files;
  dataset.writtenTxg = snapshot.createtxg;
  return destroyed;
}
