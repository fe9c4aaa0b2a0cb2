import { isDescendantOf, parentOf, poolOf } from "@zrelay/core";
import type { BookmarkRecord, DatasetRecord, FakeZfsState, SnapshotRecord } from "./fake-zfs-state.js";
import type { GuidGenerator } from "./guid-generator.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import { splitPointName } from "./zfs-names.js";

/**
 * The mutable state behind a FakeZfs and the lookups every operation needs.
 * Internal to the model: operations live in their own modules and take a store.
 */
export class ZfsStore {
  readonly state: FakeZfsState;
  readonly #clock: () => number;
  readonly #guids: GuidGenerator;

  constructor(state: FakeZfsState, clock: () => number, guids: GuidGenerator) {
    this.state = state;
    this.#clock = clock;
    this.#guids = guids;
  }

  /** Current time in seconds since the epoch, as ZFS stores `creation`. */
  now(): number {
    return Math.floor(this.#clock() / 1000);
  }

  newGuid(): bigint {
    const guid = this.#guids.next();
    this.state.guidState = this.#guids.state;
    return guid;
  }

  /** Takes the pool's next txg: every change to a pool happens in a txg of its own. */
  nextTxg(name: string): bigint {
    const pool = this.state.pools[poolOf(name)];
    if (pool === undefined) throw zfsErrors.notFound(name);
    pool.txg += 1n;
    return pool.txg;
  }

  dataset(name: string): DatasetRecord | undefined {
    return Object.hasOwn(this.state.datasets, name) ? this.state.datasets[name] : undefined;
  }

  /** The dataset, or the ZFS error for a missing one (`cannot open 'x': dataset does not exist`). */
  requireDataset(name: string, missing = () => zfsErrors.notFound(name)): DatasetRecord {
    const dataset = this.dataset(name);
    if (dataset === undefined) throw missing();
    return dataset;
  }

  snapshot(fullName: string): { dataset: DatasetRecord; snapshot: SnapshotRecord } | undefined {
    const point = splitPointName(fullName);
    if (point?.kind !== "snapshot") return undefined;
    const dataset = this.dataset(point.dataset);
    const snapshot = dataset?.snapshots.find((s) => s.name === point.name);
    return dataset && snapshot ? { dataset, snapshot } : undefined;
  }

  requireSnapshot(fullName: string, missing = () => zfsErrors.notFound(fullName)) {
    const found = this.snapshot(fullName);
    if (found === undefined) throw missing();
    return found;
  }

  bookmark(fullName: string): { dataset: DatasetRecord; bookmark: BookmarkRecord } | undefined {
    const point = splitPointName(fullName);
    if (point?.kind !== "bookmark") return undefined;
    const dataset = this.dataset(point.dataset);
    const bookmark = dataset?.bookmarks.find((b) => b.name === point.name);
    return dataset && bookmark ? { dataset, bookmark } : undefined;
  }

  /** `root` and everything below it, parents first, siblings by name. Empty when root is absent. */
  subtree(root: string): DatasetRecord[] {
    const names = Object.keys(this.state.datasets)
      .filter((name) => name === root || isDescendantOf(name, root))
      .sort((a, b) => compareHierarchy(a, b));
    return names.map((name) => this.state.datasets[name] as DatasetRecord);
  }

  /** Direct children of a dataset. */
  children(name: string): DatasetRecord[] {
    return this.subtree(name).filter((dataset) => parentOf(dataset.name) === name);
  }

  /** The encryption root's record, or undefined when the dataset is not encrypted. */
  encryptionRootOf(dataset: DatasetRecord): DatasetRecord | undefined {
    return dataset.encryptionRoot === undefined ? undefined : this.dataset(dataset.encryptionRoot);
  }

  /** False for an encrypted dataset whose root's key is unloaded; true otherwise. */
  keyAvailable(dataset: DatasetRecord): boolean {
    const root = this.encryptionRootOf(dataset);
    return root === undefined || root.key?.loaded === true;
  }
}

/** Depth-first order by path component, so `a/b` comes right after `a` and before `a-c`. */
function compareHierarchy(a: string, b: string): number {
  const left = a.split("/");
  const right = b.split("/");
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const l = left[i] as string;
    const r = right[i] as string;
    if (l !== r) return l < r ? -1 : 1;
  }
  return left.length - right.length;
}
