import type { SshDataPath } from "@zrelay/zfs-ssh";
import type { RetentionSetting } from "../config/retention-setting.js";

/** Connection flags of pull, push and sync (`--user`, `--port`, …), as parsed. */
export interface ConnectionFlags {
  readonly user?: string | undefined;
  readonly port?: number | undefined;
  readonly identity?: string | undefined;
  readonly sudo?: boolean | undefined;
  /** One of `SSH_DATA_PATHS`: commander refuses anything else. */
  readonly sshDataPath?: SshDataPath | undefined;
  readonly acceptNewHostKey?: boolean | undefined;
  /** `--zfs-path`: zfs on this machine. */
  readonly zfsPath?: string | undefined;
  /** `--remote-zfs-path`: zfs on every remote side. */
  readonly remoteZfsPath?: string | undefined;
}

/** Replication flags shared by pull, push and sync. */
export interface ReplicationFlags {
  readonly exclude?: readonly string[] | undefined;
  /** Snapshot short-name globs a dataset's chain is made of (`--include-snapshots`). */
  readonly includeSnapshots?: readonly string[] | undefined;
  /** Snapshot short-name globs left out of the chain (`--exclude-snapshots`). */
  readonly excludeSnapshots?: readonly string[] | undefined;
  readonly jobs?: number | undefined;
  readonly allowRollback?: boolean | undefined;
  readonly force?: boolean | undefined;
  readonly bwlimit?: number | undefined;
  readonly allowUnencrypted?: boolean | undefined;
  readonly allowDecrypt?: boolean | undefined;
  /** `--hold`: hold the newest common snapshot on both sides. */
  readonly hold?: boolean | undefined;
  /** `--chain-tag`: names the target in chain bookmarks and hold tags. */
  readonly chainTag?: string | undefined;
  /** `--prune-source`: retention on the source. */
  readonly pruneSource?: RetentionSetting | undefined;
  /** `--prune-target`: retention on the target. */
  readonly pruneTarget?: RetentionSetting | undefined;
}

export interface PullFlags extends ConnectionFlags, ReplicationFlags {
  readonly host: string;
  readonly dest: string;
}

export interface PushFlags extends ConnectionFlags, ReplicationFlags {
  readonly host: string;
  readonly stripPrefix: string;
  readonly targetRoot?: string | undefined;
}

export type SyncFlags = ConnectionFlags & ReplicationFlags;
