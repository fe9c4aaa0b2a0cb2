import type { SshDataPath } from "@zrelay/zfs-ssh";
import type { RetentionSetting } from "../config/retention-setting.js";

/**
 * One replication job, whether it came from the command line (`zrelay pull …`) or from a
 * named entry in the YAML config file. Everything downstream (plan, run, doctor) takes this.
 */

/** The data paths `--ssh-data-path` and `ssh-data-path` accept, in the order help lists them. */
export const SSH_DATA_PATHS: readonly SshDataPath[] = ["openssh", "ssh2"];

/** Where one side of a job lives. No `host` means this machine. */
export interface HostSpec {
  /** Host name or `~/.ssh/config` alias; undefined for the local machine. */
  readonly host?: string;
  readonly user?: string;
  readonly port?: number;
  /** Private key file (`--identity`). */
  readonly identity?: string;
  /** Prefix remote zfs commands with `sudo -n`. */
  readonly sudo?: boolean;
  /**
   * How send and receive streams travel (`--ssh-data-path`): `openssh` spawns
   * the ssh client per stream, `ssh2` uses zrelay's own connection. Undefined
   * lets the adapter choose: openssh when an `ssh` binary is in PATH, else ssh2.
   */
  readonly sshDataPath?: SshDataPath;
  /**
   * Absolute path of `zfs` on this side (`--zfs-path`, `--remote-zfs-path`, `zfs-path:`).
   * Undefined: `zfs` from PATH, then `/usr/sbin`, then `/sbin`.
   */
  readonly zfsPath?: string;
}

export type JobKind = "pull" | "push" | "sync";

/** Where the jobs of a run came from: named in the config file, or written on the command line. */
export type RunOrigin = "config" | "command-line";

export interface JobOptions {
  /** Exclude dataset-name globs (a match drops that dataset and its descendants). */
  readonly exclude: readonly string[];
  /** Snapshot short-name globs to replicate; empty means all. */
  readonly includeSnapshots: readonly string[];
  /** Snapshot short-name globs to skip. */
  readonly excludeSnapshots: readonly string[];
  /** Datasets replicated in parallel (parents before children). */
  readonly jobs: number;
  /** Permit the planner's explicit rollback step. */
  readonly allowRollback: boolean;
  /** Permit a full receive with -F onto an existing target that has no snapshots. */
  readonly force: boolean;
  /** Push only: allow sending unencrypted sources (sent raw, with a warning each run). */
  readonly allowUnencrypted: boolean;
  /** Send encrypted sources decrypted (non-raw). Never for push. */
  readonly allowDecrypt: boolean;
  /** Bytes per second for each stream, undefined for unlimited. */
  readonly bwlimit?: number;
  /** Record a new target host key (like OpenSSH's accept-new). */
  readonly acceptNewHostKey: boolean;
  /** Retention on the source (`prune-source:`, `--prune-source`); undefined: the source is never pruned. */
  readonly pruneSource?: RetentionSetting | undefined;
  /** Retention on the target (`prune-target:`, `--prune-target`); undefined: the target is never pruned. */
  readonly pruneTarget?: RetentionSetting | undefined;
  /** `zrelay check` thresholds in seconds (`check-warn`, `check-crit`, `check-source-warn`); undefined: the flags'. */
  readonly checkWarn?: number | undefined;
  readonly checkCrit?: number | undefined;
  readonly checkSourceWarn?: number | undefined;
  /**
   * Hold the newest common snapshot on both sides (`zrelay_<tag>`; push: the source only,
   * `zrelay:push:<tag>`) and release the previous one (`--hold`, `hold:`). Default false.
   */
  readonly hold: boolean;
  /** Names the target in chain bookmarks and hold tags (`--chain-tag`, `chain-tag:`); default from the target host. */
  readonly chainTag?: string | undefined;
}

/** `snapshot:` of a pull or sync job: one snapshot of every dataset of the job before replicating. */
export interface SnapshotPolicy {
  /** Start of every snapshot name, before `_<UTC time>`: default `zrelay_<job name>`. */
  readonly prefix: string;
}

export interface JobDefinition {
  /** Config-file job name, or a generated name for ad-hoc runs (`pull host-storage`). */
  readonly name: string;
  readonly kind: JobKind;
  readonly source: HostSpec;
  readonly target: HostSpec;
  /** Source roots; each expands to itself and every descendant. */
  readonly datasets: readonly string[];
  /**
   * How source names map to target names:
   * - `prefix`: target = `${dest}/${source}` (pull: the seed's layout);
   * - `strip`: target = `${targetRoot}/` + source without `stripPrefix` (push);
   * - `rename`: one root `from` → `to`, descendants keep their relative names (sync SRC DST).
   */
  readonly mapping:
    | { readonly kind: "prefix"; readonly dest: string }
    | { readonly kind: "strip"; readonly stripPrefix: string; readonly targetRoot?: string }
    | { readonly kind: "rename"; readonly from: string; readonly to: string };
  readonly options: JobOptions;
  /**
   * Config `after:`: jobs this one starts after, beyond those its datasets show
   * (a source inside another job's target waits for that job anyway; see `jobWaits`).
   */
  readonly after?: readonly string[];
  /** Snapshots zrelay takes on the source before replicating; undefined: none (sanoid or the user does). */
  readonly snapshot?: SnapshotPolicy | undefined;
  /**
   * The other jobs of the same config file (none on the command line): retention
   * must not destroy what another job that replicates the same dataset still needs.
   */
  readonly peers?: readonly JobDefinition[];
}
