import type { DatasetType } from "@zrelay/core";

/** File contents of a dataset or snapshot: path → base64 bytes. Never mutated in place. */
export type FileContents = Readonly<Record<string, string>>;

/** Encryption parameters a raw stream carries (the DSL crypto key travels with `zfs send -w`). */
export interface TransferEncryption {
  /** `aes-256-gcm`. */
  readonly algorithm: string;
  /** `passphrase`, `raw` or `hex`. */
  readonly keyformat: string;
  /** Identity of the wrapping key: a raw incremental only applies where the same key is. */
  readonly keyId: bigint;
  /** The wrapping key's digest, when the sender knows it (see EncryptionKeyRecord.keyDigest). */
  readonly keyDigest?: string | undefined;
}

/**
 * One snapshot in transit: everything `zfs receive` learns from one DRR_BEGIN
 * record and what follows it. `zfs send -I` produces several in a row.
 */
export interface TransferRecord {
  /** Dataset the stream was sent from: `tank/data`. Together with `snapshotName` it is the token's `toname`. */
  readonly sourceDataset: string;
  /** Short snapshot name, kept on the receiving side. */
  readonly snapshotName: string;
  readonly guid: bigint;
  /** createtxg on the sending pool (informational: the receiver assigns its own). */
  readonly createtxg: bigint;
  /** Creation time, seconds since the epoch; received snapshots keep it. */
  readonly creation: number;
  readonly type: DatasetType;
  /** Incremental base guid; undefined for a full stream. */
  readonly fromGuid: bigint | undefined;
  /** The base was a bookmark (`zfs send -i #book`). */
  readonly fromBookmark: boolean;
  /** Raw stream of an encrypted dataset: arrives encrypted, its own encryption root. */
  readonly raw: boolean;
  /** Present exactly when `raw`. */
  readonly encryption: TransferEncryption | undefined;
  /** The snapshot's files. */
  readonly files: FileContents;
  /** Total synthetic payload of the snapshot in bytes. */
  readonly payloadBytes: number;
  /** A `zfs send -t` stream continuing an interrupted receive. */
  readonly resuming: boolean;
  /** Payload bytes the receiver already has; the stream carries the rest. 0 unless `resuming`. */
  readonly resumeOffset: number;
}

/** `tank/data@daily`: the name a resume token records for the record. */
export function transferToName(record: Pick<TransferRecord, "sourceDataset" | "snapshotName">): string {
  return `${record.sourceDataset}@${record.snapshotName}`;
}
