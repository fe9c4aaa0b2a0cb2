import { deleteFile, filesOf, readFile, writeFile } from "./dataset-content.js";
import { type CreateDatasetOptions, createDataset, createPool, destroyDataset } from "./dataset-lifecycle.js";
import {
  type DatasetView,
  datasetView,
  listDatasets,
  listSnapshots,
  type PointView,
} from "./dataset-listing.js";
import { loadKey, unloadKey } from "./encryption-keys.js";
import { GuidGenerator } from "./guid-generator.js";
import { type FakeZfsJson, stateFromJson, stateFromOwnedJson, stateToJson } from "./model-serialisation.js";
import { inheritProperty, setProperty } from "./property-settings.js";
import { getProperty, inheritedValue, type PropertyValue, propertyNames } from "./property-view.js";
import type { ReceiveOptions } from "./receive-checks.js";
import { abortResumableReceive, ReceiveSession } from "./receive-session.js";
import { planSend, type SendPlanRequest } from "./send-planner.js";
import { type HoldView, hold, holdsOf, release } from "./snapshot-holds.js";
import {
  createBookmark,
  destroyBookmark,
  destroySnapshot,
  destroySnapshots,
  rollback,
  takeSnapshot,
  takeSnapshots,
} from "./snapshot-lifecycle.js";
import type { TransferRecord } from "./transfer-record.js";
import { splitPointName } from "./zfs-names.js";
import { ZfsStore } from "./zfs-store.js";

/** How a FakeZfs keeps time and draws guids; both injectable so tests are deterministic. */
export interface FakeZfsOptions {
  /** Milliseconds since the epoch; `creation` is its whole seconds. Default `Date.now`. */
  readonly clock?: () => number;
  /** Seed of the guid sequence (64-bit). Default 1. Ignored by `fromJSON`, which continues the saved sequence. */
  readonly guidSeed?: bigint;
}

/** How `FakeZfs.fromJSON` loads. */
export interface FromJsonOptions extends Pick<FakeZfsOptions, "clock"> {
  /**
   * True when the caller hands the document over (just parsed, kept nowhere
   * else): the model then takes it as its state instead of copying it, which
   * matters on large states. Default false: the document is left untouched.
   */
  readonly handOver?: boolean;
}

/**
 * An in-memory ZFS with real ZFS semantics for what zrelay uses: pools,
 * datasets, files, snapshots, bookmarks, holds, encryption roots and keys,
 * send planning and record-by-record receive. Synchronous and pure: no I/O,
 * time only from the injected clock. Every failure is a FakeZfsError whose
 * message is exactly what `zfs` prints. Save with `toJSON`, load with `fromJSON`.
 */
export class FakeZfs {
  #store: ZfsStore;

  constructor(options: FakeZfsOptions = {}) {
    const guids = new GuidGenerator(options.guidSeed ?? 1n);
    const state = { pools: {}, datasets: {}, guidState: guids.state };
    this.#store = new ZfsStore(state, options.clock ?? Date.now, guids);
  }

  static fromJSON(json: unknown, options: FromJsonOptions = {}): FakeZfs {
    const state = options.handOver ? stateFromOwnedJson(json) : stateFromJson(json);
    const zfs = new FakeZfs(options);
    zfs.#store = new ZfsStore(state, options.clock ?? Date.now, new GuidGenerator(state.guidState));
    return zfs;
  }

  toJSON(): FakeZfsJson {
    return stateToJson(structuredClone(this.#store.state));
  }

  // -- pools and datasets --------------------------------------------------
  /** Names of the pools, sorted. */
  poolNames(): string[] {
    return Object.keys(this.#store.state.pools).sort();
  }

  /** `zpool create NAME` (root dataset properties as `-O`). */
  createPool(name: string, properties?: Readonly<Record<string, string>>): void {
    createPool(this.#store, name, properties);
  }
  /** `zfs create [-p] [-o ...] NAME`. */
  createDataset(name: string, options?: CreateDatasetOptions): void {
    createDataset(this.#store, name, options);
  }
  /** `zfs destroy [-r] NAME` for a dataset; snapshots and bookmarks go through `destroy`. */
  destroyDataset(name: string, options?: { readonly recursive?: boolean }): void {
    destroyDataset(this.#store, name, options);
  }
  /** True when a dataset, snapshot or bookmark of that name exists. */
  exists(name: string): boolean {
    const point = splitPointName(name);
    if (point === undefined) return this.#store.dataset(name) !== undefined;
    return (
      (point.kind === "snapshot" ? this.#store.snapshot(name) : this.#store.bookmark(name)) !== undefined
    );
  }
  /** One dataset; throws `cannot open 'NAME': dataset does not exist`. */
  dataset(name: string): DatasetView {
    return datasetView(this.#store, this.#store.requireDataset(name));
  }
  /** `root` and its descendants, parents first; empty when `root` is absent. */
  listDatasets(root: string): DatasetView[] {
    return listDatasets(this.#store, root);
  }
  /** Snapshots and bookmarks, per dataset oldest first; of the whole subtree unless `recursive: false`. */
  listSnapshots(root: string, options: { readonly recursive?: boolean } = {}): PointView[] {
    return listSnapshots(this.#store, root, options.recursive ?? true);
  }

  // -- properties ----------------------------------------------------------
  /** `zfs get -p PROPERTY NAME`: value and source. */
  getProperty(name: string, property: string): PropertyValue {
    return getProperty(this.#store, name, property);
  }
  /** The properties `zfs get all NAME` lists. */
  propertyNames(name: string): string[] {
    return propertyNames(this.#store, name);
  }
  /** `zfs set PROPERTY=VALUE NAME`. */
  setProperty(name: string, property: string, value: string): void {
    setProperty(this.#store, name, property, value);
  }
  /** `zfs inherit PROPERTY NAME`. */
  inheritProperty(name: string, property: string): void {
    inheritProperty(this.#store, name, property);
  }

  // -- content -------------------------------------------------------------
  /** Writes a file into the live dataset; marks it modified since its latest snapshot. */
  writeFile(dataset: string, path: string, content: Uint8Array | string): void {
    writeFile(this.#store, dataset, path, content);
  }
  deleteFile(dataset: string, path: string): void {
    deleteFile(this.#store, dataset, path);
  }
  /** A file of a dataset or snapshot (`tank/x@s`), or undefined; fails when the key is unloaded. */
  readFile(name: string, path: string): Uint8Array | undefined {
    return readFile(this.#store, name, path);
  }
  /** File paths of a dataset or snapshot, sorted. */
  listFiles(name: string): string[] {
    return Object.keys(filesOf(this.#store, name)).sort();
  }

  /** Bytes of the files of a dataset or snapshot, 0 when absent; read with its key unloaded, as `used` is. */
  fileBytes(name: string): bigint {
    const point = splitPointName(name);
    const dataset = this.#store.state.datasets[point?.dataset ?? name];
    const files =
      point === undefined ? dataset?.files : dataset?.snapshots.find((s) => s.name === point.name)?.files;
    let bytes = 0n;
    for (const content of Object.values(files ?? {})) bytes += BigInt(Buffer.byteLength(content, "base64"));
    return bytes;
  }

  /**
   * Where a property's value comes from: the dataset itself or, when the
   * property `inherits`, the nearest ancestor that sets it; undefined when none
   * does (its default applies). The one inheritance walk, shared with getProperty.
   */
  propertyOrigin(
    dataset: string,
    property: string,
    inherits = true,
  ): { readonly value: string; readonly from: string } | undefined {
    const record = this.#store.dataset(dataset);
    if (record === undefined) return undefined;
    if (inherits) return inheritedValue(this.#store, record, property);
    const value = record.properties[property];
    return value === undefined ? undefined : { value, from: dataset };
  }

  /** The identity of a dataset's wrapping key, or undefined when it is not encrypted. */
  keyId(dataset: string): bigint | undefined {
    return this.#store.state.datasets[dataset]?.key?.keyId;
  }

  /** The digest of an encryption root's key material (CreateDatasetOptions.readKey), when known. */
  keyDigest(dataset: string): string | undefined {
    return this.#store.state.datasets[dataset]?.key?.keyDigest;
  }

  // -- mounts (the emulator's; the in-memory fake mounts nothing) ------------
  isMounted(dataset: string): boolean {
    return this.#store.dataset(dataset)?.mounted === true;
  }
  /** Marks a filesystem mounted or not; zfs's refusals are the caller's (emulator mount-control.ts). */
  setMounted(dataset: string, mounted: boolean): void {
    this.#store.requireDataset(dataset).mounted = mounted;
  }
  /** Names of the mounted filesystems, sorted. */
  mountedDatasets(): string[] {
    return Object.values(this.#store.state.datasets)
      .filter((dataset) => dataset.mounted)
      .map((dataset) => dataset.name)
      .sort();
  }

  // -- snapshots, bookmarks, holds -------------------------------------------
  /** `zfs snapshot [-o user:prop=value]... DATASET@NAME`; returns its guid. */
  snapshot(
    fullName: string,
    options: { readonly properties?: Readonly<Record<string, string>> } = {},
  ): bigint {
    return takeSnapshot(this.#store, fullName, options.properties).guid;
  }
  /** `zfs snapshot [-o …] A@x B@x …`: all or none, in one transaction group; returns their guids. */
  snapshots(
    fullNames: readonly string[],
    options: { readonly properties?: Readonly<Record<string, string>> } = {},
  ): bigint[] {
    return takeSnapshots(this.#store, fullNames, options.properties).map((snapshot) => snapshot.guid);
  }
  /** `zfs bookmark SNAPSHOT BOOKMARK` (`#name` or a full name). */
  bookmark(source: string, bookmark: string): void {
    createBookmark(this.#store, source, bookmark);
  }
  /** `zfs destroy` of one snapshot (`@`) or bookmark (`#`). */
  destroy(fullName: string): void {
    if (splitPointName(fullName)?.kind === "bookmark") destroyBookmark(this.#store, fullName);
    else destroySnapshot(this.#store, fullName);
  }
  /** `zfs destroy DATASET@a,b,c`: all or none; names not there are skipped. */
  destroySnapshots(dataset: string, shortNames: readonly string[]): void {
    destroySnapshots(this.#store, dataset, shortNames);
  }
  /** `zfs rollback [-r]`; `-r` also destroys later bookmarks. Returns what it destroyed. */
  rollback(snapshot: string, options?: { readonly destroyNewer?: boolean }): string[] {
    return rollback(this.#store, snapshot, options);
  }
  hold(snapshot: string, tag: string): void {
    hold(this.#store, snapshot, tag);
  }
  release(snapshot: string, tag: string): void {
    release(this.#store, snapshot, tag);
  }
  holds(snapshot: string): HoldView[] {
    return holdsOf(this.#store, snapshot);
  }

  // -- encryption ------------------------------------------------------------
  loadKey(dataset: string): void {
    loadKey(this.#store, dataset);
  }
  unloadKey(dataset: string): void {
    unloadKey(this.#store, dataset);
  }

  // -- replication -----------------------------------------------------------
  /** The records `zfs send` writes for a request (checked as ZFS checks it before writing). */
  planSend(request: SendPlanRequest): TransferRecord[] {
    return planSend(this.#store, request);
  }
  /** Starts `zfs receive TARGET`; feed it records as the stream decodes. */
  receive(target: string, options?: ReceiveOptions): ReceiveSession {
    return new ReceiveSession(this.#store, target, options);
  }
  /** `zfs receive -A TARGET`. */
  abortResumableReceive(target: string): void {
    abortResumableReceive(this.#store, target);
  }
}
