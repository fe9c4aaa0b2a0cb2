import type { ZfsEndpoint } from "@zrelay/core";

/** How the suite asks a fixture for a dataset. */
export interface CreateDatasetFixtureOptions {
  /**
   * Create it as its own encryption root: `encryption=aes-256-gcm`,
   * `keyformat=passphrase`, key loaded. The passphrase is the fixture's choice;
   * `loadKey` must use the same one.
   */
  readonly encrypted?: boolean;
}

/**
 * One fresh, isolated place to run one behaviour. The port has no way to create
 * datasets or write data, so the fixture does that beside it. Everything here
 * can be done by running `zfs` and touching files in mountpoints: real-ZFS and
 * emulator fixtures are written that way.
 *
 * Names passed in are full dataset names below `sourceRoot` or `targetRoot`,
 * and may contain spaces.
 */
export interface ConformanceWorld {
  /** The adapter under test. Both roots live on it. */
  readonly endpoint: ZfsEndpoint;
  /** An existing, empty, unencrypted dataset made for this world alone, e.g. `src/zr-1a2b`. */
  readonly sourceRoot: string;
  /** An existing, empty, unencrypted dataset made for this world alone, e.g. `dst/zr-1a2b`. */
  readonly targetRoot: string;

  /** `zfs create NAME` (its parent exists). */
  createDataset(name: string, options?: CreateDatasetFixtureOptions): Promise<void>;

  /**
   * Write `content` to the file `path` (a plain file name, no directories) in
   * the live dataset, replacing any previous content, durably enough that the
   * next `zfs snapshot` and receive-side "modified since snapshot" checks see it.
   * A fixture that must mount the dataset to write may do so.
   */
  writeFile(dataset: string, path: string, content: Uint8Array): Promise<void>;

  /**
   * The content of `path` as of `snapshot` (`tank/x@s1`), e.g. from
   * `<mountpoint>/.zfs/snapshot/s1/<path>`. Resolves undefined when the file is
   * not in that snapshot; rejects when the snapshot cannot be read, e.g. its key
   * is not loaded. Must never load a key or modify the live dataset (mount with
   * `atime=off` or read-only if the fixture must mount).
   */
  readFile(snapshot: string, path: string): Promise<Uint8Array | undefined>;

  /** `zfs snapshot FULLNAME` (`tank/x@s1`). */
  snapshot(fullName: string): Promise<void>;

  /** The raw text of `zfs get -H -p -o value PROPERTY NAME` for a dataset, snapshot or bookmark. */
  property(name: string, property: string): Promise<string>;

  /** `zfs load-key` with the passphrase `createDataset` used. */
  loadKey(dataset: string): Promise<void>;

  /**
   * `zfs unload-key` (unmounting first if it must). Optional: behaviours that
   * need it are skipped, visibly, when a fixture cannot unload keys.
   */
  unloadKey?(dataset: string): Promise<void>;

  /** Destroy everything this world created. Called once, after each behaviour, even a failed one. */
  dispose(): Promise<void>;
}

/** An adapter and how to build a fresh world for it. */
export interface ConformanceTarget<Id extends string = string> {
  /** Shown in the suite's title: `zfs-local on OpenZFS 2.3`. */
  readonly name: string;
  /** A fresh world for one behaviour; the suite disposes it. */
  create(): Promise<ConformanceWorld>;
  /**
   * Behaviours this adapter legitimately lacks, by id, each with the reason
   * printed beside the skipped test. Behaviours whose capability the endpoint
   * reports as false are skipped without being listed here.
   */
  readonly skip?: Readonly<Partial<Record<Id, string>>>;
  /**
   * Longest any single operation (a `zfs` call, one send or receive) may take
   * before it counts as hung, in milliseconds. Default 30 000. Each behaviour
   * may take ten times this.
   */
  readonly timeoutMs?: number;
}
