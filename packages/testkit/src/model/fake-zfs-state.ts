import type { DatasetType } from "@zrelay/core";
import type { FileContents, TransferRecord } from "./transfer-record.js";

/*
 * The whole state of a FakeZfs, as plain data: what `toJSON` writes and an
 * emulator loads before each command. Records are replaced, never shared
 * mutably between datasets and snapshots (file maps are copied on write).
 */

export interface SnapshotRecord {
  /** Short name after `@`. */
  name: string;
  guid: bigint;
  createtxg: bigint;
  /** Seconds since the epoch. */
  creation: number;
  files: FileContents;
  /** Synthetic bulk data of the snapshot, in bytes (`zrelay:fake-stream-bytes` when taken). */
  payloadBytes: number;
  /** `zfs hold` tags → creation time (seconds). */
  holds: Record<string, number>;
  /**
   * User properties set on the snapshot itself (`zfs snapshot -o`, `zfs set` on a
   * snapshot); absent when it has none, as most have: a saved state stays small.
   */
  properties?: Record<string, string>;
}

export interface BookmarkRecord {
  /** Short name after `#`. */
  name: string;
  guid: bigint;
  createtxg: bigint;
  creation: number;
}

/** Key material of an encryption root (only roots have one). */
export interface EncryptionKeyRecord {
  algorithm: string;
  keyformat: string;
  /** Identity of the wrapping key; a raw receive keeps the sender's. */
  keyId: bigint;
  loaded: boolean;
  /** `keylocation`: where `zfs load-key` reads the key; `prompt` unless created or set otherwise. */
  keylocation: string;
  /**
   * sha256 of the wrapping key's material, when whoever created the root read it
   * (the emulator does; the in-memory fake takes any key). A raw stream carries it,
   * as it carries the wrapped key, so `load-key` of a received copy checks it too.
   */
  keyDigest: string | undefined;
}

/** What an interrupted `zfs receive -s` left behind (the `%recv` clone, or the new dataset itself). */
export interface PartialReceiveRecord {
  /** Header of the snapshot being received. */
  record: TransferRecord;
  /** Payload bytes received and verified: where a resumed stream must start. */
  payloadBytes: number;
  /** True when the receive created the dataset (full stream): `receive -A` destroys it. */
  newDataset: boolean;
}

export interface DatasetRecord {
  name: string;
  type: DatasetType;
  guid: bigint;
  createtxg: bigint;
  creation: number;
  /** Locally set properties (`canmount`, `mountpoint`, user properties `a:b`). */
  properties: Record<string, string>;
  /** Dataset holding the key, or undefined when not encrypted. */
  encryptionRoot: string | undefined;
  /** Set on encryption roots only. */
  key: EncryptionKeyRecord | undefined;
  files: FileContents;
  /** Last txg the live content changed in: "modified since snapshot S" means writtenTxg > S.createtxg. */
  writtenTxg: bigint;
  /** Oldest first. */
  snapshots: SnapshotRecord[];
  /** Oldest first. */
  bookmarks: BookmarkRecord[];
  partialReceive: PartialReceiveRecord | undefined;
  /** Created by a full receive that has not completed (ZFS's `inconsistent` flag). */
  inconsistent: boolean;
  /** Mounted (`zfs mount`); only the emulator mounts, the in-memory fake never does. */
  mounted: boolean;
}

export interface PoolRecord {
  name: string;
  /** Last txg used; every change takes the next one. */
  txg: bigint;
}

export interface FakeZfsState {
  pools: Record<string, PoolRecord>;
  datasets: Record<string, DatasetRecord>;
  /** GuidGenerator state, so a reloaded model continues the same sequence. */
  guidState: bigint;
}
