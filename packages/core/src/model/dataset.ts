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
}

export function isEncrypted(dataset: Pick<Dataset, "encryption">): boolean {
  return dataset.encryption !== "off" && dataset.encryption !== "-" && dataset.encryption !== "";
}
