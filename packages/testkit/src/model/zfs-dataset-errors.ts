import { ErrorCode } from "@zrelay/core";
import { fail } from "./fake-zfs-error.js";

/* Messages of zfs create/destroy/snapshot/bookmark/rollback/hold/release/set/get and key commands. Reached through zfsErrors. */

export const datasetErrors = {
  // zfs_open → zfs_standard_error(ENOENT)
  notFound: (name: string, exitStatus: 1 | 2 = 1) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `cannot open '${name}': dataset does not exist`, name, exitStatus),

  // zfs create (zfs_create, check_parents, zfs_crypto_create)
  createNoPool: (name: string, pool: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `cannot create '${name}': no such pool '${pool}'`, name),
  createParentMissing: (name: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `cannot create '${name}': parent does not exist`, name),
  createExists: (name: string) =>
    fail(ErrorCode.DATASET_EXISTS, `cannot create '${name}': dataset already exists`, name),
  createKeyformatRequired: (name: string) =>
    fail(ErrorCode.USAGE, `cannot create '${name}': Keyformat required for new encryption root.`, name),
  createEncryptionOff: (name: string) =>
    fail(
      ErrorCode.USAGE,
      `cannot create '${name}': Encryption must be turned on to set encryption properties.`,
      name,
    ),

  // zfs snapshot / bookmark
  snapshotExists: (snapshot: string) =>
    fail(ErrorCode.DATASET_EXISTS, `cannot create snapshot '${snapshot}': dataset already exists`, snapshot),
  // lzc_snapshot's EXDEV (two pools, or two snapshots of one dataset), as zfs_snapshot_nvl words it.
  snapshotsAcrossPools: () =>
    fail(ErrorCode.USAGE, "cannot create snapshots : multiple snapshots of same fs not allowed"),
  bookmarkExists: (bookmark: string) =>
    fail(ErrorCode.DATASET_EXISTS, `cannot create bookmark '${bookmark}': bookmark exists`, bookmark),
  bookmarkNotAncestor: (bookmark: string) =>
    fail(
      ErrorCode.USAGE,
      `cannot create bookmark '${bookmark}': source is not an ancestor of the new bookmark's dataset`,
      bookmark,
    ),

  // zfs destroy (zfs_do_destroy, zfs_destroy_snaps_nvl)
  destroyNoSnapshots: (snapshot: string) =>
    fail(
      ErrorCode.DATASET_NOT_FOUND,
      "could not find any snapshots to destroy; check snapshot names.",
      snapshot,
    ),
  destroyBookmarkMissing: (bookmark: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `bookmark '${bookmark}' does not exist.`, bookmark),
  // OpenZFS 2.3 names the holds (zfs_destroy_snaps_nvl_os); older releases said "dataset is busy".
  destroySnapshotBusy: (snapshot: string) =>
    fail(
      ErrorCode.SNAPSHOT_HELD,
      `cannot destroy snapshot ${snapshot}: it's being held. Run 'zfs holds -r ${snapshot}' to see holders.`,
      snapshot,
    ),
  destroySnapshotCloned: (snapshot: string) =>
    fail(ErrorCode.COMMAND_FAILED, `cannot destroy snapshot ${snapshot}: snapshot is cloned`, snapshot),
  destroyHasChildren: (dataset: string, type: string, dependents: readonly string[]) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      [
        `cannot destroy '${dataset}': ${type} has children`,
        "use '-r' to destroy the following datasets:",
        ...dependents,
      ].join("\n"),
      dataset,
    ),
  destroyPool: (pool: string) =>
    fail(
      ErrorCode.USAGE,
      [
        `cannot destroy '${pool}': operation does not apply to pools`,
        `use 'zfs destroy -r ${pool}' to destroy all datasets in the pool`,
        `use 'zpool destroy ${pool}' to destroy the pool itself`,
      ].join("\n"),
      pool,
    ),

  // zfs rollback (zfs_do_rollback → rollback_check)
  rollbackNewer: (snapshot: string, newer: readonly string[]) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      [
        `cannot rollback to '${snapshot}': more recent snapshots or bookmarks exist`,
        "use '-r' to force deletion of the following snapshots and bookmarks:",
        ...newer,
      ].join("\n"),
      snapshot,
    ),

  // zfs hold / release (zfs_hold, zfs_hold_nvl, zfs_release)
  holdMissing: (snapshot: string) =>
    fail(ErrorCode.DATASET_NOT_FOUND, `cannot hold snapshot '${snapshot}': dataset does not exist`, snapshot),
  holdExists: (snapshot: string) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      `cannot hold snapshot '${snapshot}': tag already exists on this dataset`,
      snapshot,
    ),
  releaseMissing: (snapshot: string) =>
    fail(
      ErrorCode.DATASET_NOT_FOUND,
      `cannot release hold from snapshot '${snapshot}': dataset does not exist`,
      snapshot,
    ),
  releaseNoTag: (snapshot: string) =>
    fail(
      ErrorCode.COMMAND_FAILED,
      `cannot release hold from snapshot '${snapshot}': no such tag on this dataset`,
      snapshot,
    ),

  // zfs load-key / unload-key (libzfs_crypto.c) and mounting an encrypted dataset.
  // zfs_do_load_key/unload_key return libzfs's -1, so `zfs` exits 255 (seen on OpenZFS 2.3.2).
  keyNotEncrypted: (dataset: string, unload = false) =>
    fail(
      ErrorCode.USAGE,
      `Key ${unload ? "unload" : "load"} error: '${dataset}' is not encrypted.`,
      dataset,
      255,
    ),
  keyNotRoot: (dataset: string, root: string, unload = false) =>
    fail(
      ErrorCode.USAGE,
      `Key ${unload ? "unload" : "load"} error: Keys must be ${unload ? "unloaded" : "loaded"} for encryption root of '${dataset}' (${root}).`,
      dataset,
      255,
    ),
  keyAlreadyLoaded: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `Key load error: Key already loaded for '${dataset}'.`, dataset, 255),
  keyAlreadyUnloaded: (dataset: string) =>
    fail(ErrorCode.COMMAND_FAILED, `Key unload error: Key already unloaded for '${dataset}'.`, dataset, 255),
  mountKeyNotLoaded: (dataset: string) =>
    fail(ErrorCode.KEY_NOT_LOADED, `cannot mount '${dataset}': encryption key not loaded`, dataset),

  // zfs set / get
  propertyReadonly: (dataset: string, property: string) =>
    fail(
      ErrorCode.USAGE,
      `cannot set property for '${dataset}': '${property}' is readonly`,
      dataset,
      1,
      false,
      "receiveProperties",
    ),
  propertyInvalid: (property: string) =>
    fail(
      ErrorCode.USAGE,
      `bad property list: invalid property '${property}'`,
      undefined,
      2,
      false,
      "receiveProperties",
    ),
} as const;
