/** What `zfs get encryption` reports; `off` means not encrypted. */
export type EncryptionAlgorithm = string;

/** `keystatus`: `none` for datasets that are not encrypted. */
export type KeyStatus = "available" | "unavailable" | "none";

export type DatasetType = "filesystem" | "volume";

/**
 * A filesystem or volume with the properties replication decisions need,
 * read in one `zfs get -r` call per root.
 */
export interface Dataset {
  readonly name: string;
  readonly type: DatasetType;
  readonly guid: bigint;
  /** `off` when not encrypted, else the cipher (`aes-256-gcm`). */
  readonly encryption: EncryptionAlgorithm;
  /** Dataset that owns the key, or undefined when not encrypted. */
  readonly encryptionRoot: string | undefined;
  readonly keyStatus: KeyStatus;
  /** `on`, `off` or `noauto`. */
  readonly canmount: string;
  /** Token left by an interrupted `zfs receive -s`, if any. */
  readonly resumeToken: string | undefined;
  /**
   * `written`: bytes written to the live dataset since its latest snapshot (0 right
   * after a receive; on a dataset without snapshots, everything it references).
   * Absent when the endpoint does not read it; the planner then cannot tell a
   * target someone wrote into, and ZFS refuses the receive instead.
   */
  readonly written?: number | undefined;
}

export function isEncrypted(dataset: Pick<Dataset, "encryption">): boolean {
  return dataset.encryption !== "off" && dataset.encryption !== "-" && dataset.encryption !== "";
}
