import type { Bookmark, DatasetType, KeyStatus, Snapshot } from "@zrelay/core";
import type { DatasetRecord } from "./fake-zfs-state.js";
import { getProperty, userProperties, writtenBytes } from "./property-view.js";
import { resumeTokenFor } from "./receive-resume-token.js";
import type { ZfsStore } from "./zfs-store.js";

/** A dataset as a test or the fake endpoint reads it. */
export interface DatasetView {
  readonly name: string;
  readonly type: DatasetType;
  readonly guid: bigint;
  readonly createtxg: bigint;
  readonly creation: number;
  /** `off` or the cipher. */
  readonly encryption: string;
  readonly encryptionRoot: string | undefined;
  /** `none` when not encrypted. */
  readonly keyformat: string;
  readonly keyStatus: KeyStatus;
  readonly canmount: string;
  readonly mountpoint: string;
  readonly resumeToken: string | undefined;
  /** Written to since its latest snapshot (or since creation, without snapshots). */
  readonly modified: boolean;
  /** `written`: bytes written since the latest snapshot, as `zfs get written` reports it. */
  readonly written: number;
  /** Created by a full receive that did not complete. */
  readonly inconsistent: boolean;
  /** User properties in effect, inherited ones included. */
  readonly userProperties: Readonly<Record<string, string>>;
}

export interface SnapshotView extends Snapshot {
  /** Hold tags, sorted. */
  readonly holds: readonly string[];
  /** Synthetic stream payload of the snapshot, bytes. */
  readonly payloadBytes: number;
}

export type PointView = SnapshotView | Bookmark;

export function datasetView(store: ZfsStore, dataset: DatasetRecord): DatasetView {
  const root = store.encryptionRootOf(dataset);
  const latest = dataset.snapshots.at(-1);
  return {
    name: dataset.name,
    type: dataset.type,
    guid: dataset.guid,
    createtxg: dataset.createtxg,
    creation: dataset.creation,
    encryption: root?.key?.algorithm ?? "off",
    encryptionRoot: root?.name,
    keyformat: root?.key?.keyformat ?? "none",
    keyStatus: root?.key === undefined ? "none" : root.key.loaded ? "available" : "unavailable",
    canmount: getProperty(store, dataset.name, "canmount").value,
    mountpoint: getProperty(store, dataset.name, "mountpoint").value,
    resumeToken: dataset.partialReceive ? resumeTokenFor(dataset.partialReceive) : undefined,
    modified: dataset.writtenTxg > (latest?.createtxg ?? dataset.createtxg),
    written: writtenBytes(dataset),
    inconsistent: dataset.inconsistent,
    userProperties: userProperties(store, dataset),
  };
}

/** `root` and its descendants, parents first; empty when `root` does not exist. */
export function listDatasets(store: ZfsStore, root: string): DatasetView[] {
  return store.subtree(root).map((dataset) => datasetView(store, dataset));
}

/**
 * Snapshots and bookmarks of `root` (and, when `recursive`, every descendant),
 * dataset by dataset in listing order, oldest first within each (a snapshot
 * before its bookmarks).
 */
export function listSnapshots(store: ZfsStore, root: string, recursive = true): PointView[] {
  const datasets = recursive ? store.subtree(root) : [store.dataset(root)].filter((d) => d !== undefined);
  return datasets.flatMap((dataset) => pointsOf(dataset));
}

function pointsOf(dataset: DatasetRecord): PointView[] {
  const points: PointView[] = [
    ...dataset.snapshots.map(
      (s): SnapshotView => ({
        kind: "snapshot",
        dataset: dataset.name,
        name: s.name,
        guid: s.guid,
        createtxg: s.createtxg,
        creation: s.creation,
        holds: Object.keys(s.holds).sort(),
        payloadBytes: s.payloadBytes,
      }),
    ),
    ...dataset.bookmarks.map(
      (b): Bookmark => ({
        kind: "bookmark",
        dataset: dataset.name,
        name: b.name,
        guid: b.guid,
        createtxg: b.createtxg,
        creation: b.creation,
      }),
    ),
  ];
  const rank = (p: PointView) => (p.kind === "snapshot" ? 0 : 1);
  return points.sort((a, b) =>
    a.createtxg < b.createtxg ? -1 : a.createtxg > b.createtxg ? 1 : rank(a) - rank(b),
  );
}
