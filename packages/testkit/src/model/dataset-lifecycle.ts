import { ancestorsOf, type DatasetType, parentOf, poolOf } from "@zrelay/core";
import type { DatasetRecord } from "./fake-zfs-state.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import type { ZfsStore } from "./zfs-store.js";

/** `zfs create` options. */
export interface CreateDatasetOptions {
  /** `-p`: create missing ancestors (with default properties) and succeed if it exists. */
  readonly parents?: boolean;
  /** `-o name=value`; `encryption`, `keyformat` and `keylocation` make or join an encryption root. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Default `filesystem`. */
  readonly type?: DatasetType;
  /**
   * Reads the key of a new encryption root, as zfs_crypto_create does, and returns
   * the digest `load-key` will check (EncryptionKeyRecord.keyDigest); throws
   * zfs's error when the key cannot be read. Without it any key is accepted later.
   */
  readonly readKey?: (key: { readonly keyformat: string; readonly keylocation: string }) => string;
}

const ENCRYPTION_PROPERTIES = new Set(["encryption", "keyformat", "keylocation", "pbkdf2iters"]);

/** `zpool create NAME`: the pool and its root dataset. Root properties as `zpool create -O`. */
export function createPool(
  store: ZfsStore,
  name: string,
  properties: Readonly<Record<string, string>> = {},
): void {
  if (Object.hasOwn(store.state.pools, name)) throw zfsErrors.createExists(name);
  store.state.pools[name] = { name, txg: 0n };
  insertDataset(store, name, "filesystem", properties);
}

/** `zfs create [-p] [-o ...] NAME`. */
export function createDataset(store: ZfsStore, name: string, options: CreateDatasetOptions = {}): void {
  if (store.dataset(name) !== undefined) {
    if (options.parents) return;
    throw zfsErrors.createExists(name);
  }
  const pool = poolOf(name);
  if (!Object.hasOwn(store.state.pools, pool)) throw zfsErrors.createNoPool(name, pool);
  const parent = parentOf(name);
  if (parent === undefined) throw zfsErrors.createExists(name);
  if (store.dataset(parent) === undefined) {
    if (!options.parents) throw zfsErrors.createParentMissing(name);
    for (const ancestor of ancestorsOf(name)) {
      if (store.dataset(ancestor) === undefined) insertDataset(store, ancestor, "filesystem", {});
    }
  }
  insertDataset(store, name, options.type ?? "filesystem", options.properties ?? {}, options.readKey);
}

/** Adds one dataset whose parent exists (or a pool root), resolving encryption like zfs_crypto_create. */
export function insertDataset(
  store: ZfsStore,
  name: string,
  type: DatasetType,
  properties: Readonly<Record<string, string>>,
  readKey?: CreateDatasetOptions["readKey"],
): DatasetRecord {
  const parentName = parentOf(name);
  const parent = parentName === undefined ? undefined : store.dataset(parentName);
  const txg = store.nextTxg(name);
  const dataset: DatasetRecord = {
    name,
    type,
    guid: store.newGuid(),
    createtxg: txg,
    creation: store.now(),
    properties: {},
    encryptionRoot: parent?.encryptionRoot,
    key: undefined,
    files: {},
    writtenTxg: txg,
    snapshots: [],
    bookmarks: [],
    partialReceive: undefined,
    inconsistent: false,
    mounted: false,
  };
  applyEncryption(store, dataset, parent, properties, readKey);
  for (const [property, value] of Object.entries(properties)) {
    if (!ENCRYPTION_PROPERTIES.has(property)) dataset.properties[property] = value;
  }
  store.state.datasets[name] = dataset;
  return dataset;
}

function applyEncryption(
  store: ZfsStore,
  dataset: DatasetRecord,
  parent: DatasetRecord | undefined,
  properties: Readonly<Record<string, string>>,
  readKey: CreateDatasetOptions["readKey"],
): void {
  const parentAlgorithm = parent === undefined ? undefined : store.encryptionRootOf(parent)?.key?.algorithm;
  const requested = properties.encryption;
  const algorithm =
    requested === undefined ? parentAlgorithm : requested === "on" ? "aes-256-gcm" : requested;
  const keyformat = properties.keyformat;
  const newKey = keyformat !== undefined || properties.keylocation !== undefined;
  if (algorithm === undefined || algorithm === "off") {
    if (newKey) throw zfsErrors.createEncryptionOff(dataset.name);
    dataset.encryptionRoot = undefined;
    return;
  }
  if (parentAlgorithm === undefined && keyformat === undefined)
    throw zfsErrors.createKeyformatRequired(dataset.name);
  if (keyformat === undefined) return; // inherits the parent's encryption root and key
  dataset.encryptionRoot = dataset.name;
  const keylocation = properties.keylocation ?? "prompt";
  const keyDigest = readKey?.({ keyformat, keylocation });
  dataset.key = { algorithm, keyformat, keyId: store.newGuid(), loaded: true, keylocation, keyDigest };
}

/** `zfs destroy [-r] NAME` of a dataset (snapshots and bookmarks have their own operations). */
export function destroyDataset(
  store: ZfsStore,
  name: string,
  options: { readonly recursive?: boolean } = {},
): void {
  const dataset = store.requireDataset(name);
  if (parentOf(name) === undefined) throw zfsErrors.destroyPool(name);
  const subtree = store.subtree(name);
  if (!options.recursive) {
    const dependents = [
      ...dataset.snapshots.map((s) => `${name}@${s.name}`),
      ...subtree.filter((d) => d !== dataset).map((d) => d.name),
    ];
    if (dependents.length > 0) throw zfsErrors.destroyHasChildren(name, dataset.type, dependents);
  }
  for (const member of subtree) {
    const held = member.snapshots.find((s) => Object.keys(s.holds).length > 0);
    if (held) throw zfsErrors.destroySnapshotBusy(`${member.name}@${held.name}`);
  }
  store.nextTxg(name);
  for (const member of subtree) delete store.state.datasets[member.name];
}
