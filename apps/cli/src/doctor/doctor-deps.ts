import type { CommandRunner } from "@zrelay/zfs-command";
import type { SshStreamRoute } from "../endpoints/endpoint-factory.js";
import type { PackagedBuild } from "../system/packaged-build.js";

/** How the doctor reaches one side of a job. */
export interface DoctorSide {
  /**
   * Runs `zfs version`, `zfs list`, `zfs allow` and `id` on that side's host:
   * the same runner the job's endpoint would use (local or SSH).
   */
  readonly runner: CommandRunner;
  /**
   * Opens the SSH connection (verifying the host key) before any command, so a
   * connection failure is reported as such. Optional: without it the first
   * command connects, and its failure is reported the same way.
   */
  readonly connect?: (() => Promise<void>) | undefined;
  /** For an SSH side: the data path its streams would take, printed after the connection check. */
  readonly sshStreams?: SshStreamRoute | undefined;
}

/** Everything `runDoctor` needs from outside; tests pass fakes. */
export interface DoctorDeps {
  readonly source: DoctorSide;
  readonly target: DoctorSide;
  /** argv[0] of every zfs command, as the endpoints use it. Default `"zfs"`. */
  readonly zfsCommand?: string | undefined;
  /** Whether ssh2's native crypto add-on loaded. Default: `ssh2NativeCryptoAvailable` of @zrelay/zfs-ssh. */
  readonly nativeCryptoAvailable?: (() => boolean) | undefined;
  /** The release artifact zrelay runs as. Default: `packagedBuild()` (undefined for the repository's build). */
  readonly packaged?: PackagedBuild | undefined;
  /** Whether zrelay keeps bookmarks on the source (needs `bookmark`). Default: push jobs only. */
  readonly bookmarks?: boolean | undefined;
}
