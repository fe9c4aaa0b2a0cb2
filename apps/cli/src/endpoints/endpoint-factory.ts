import type { ZfsEndpoint } from "@zrelay/core";
import type { CommandRunner } from "@zrelay/zfs-command";
import type { SshDataPath } from "@zrelay/zfs-ssh";
import type { HostSpec } from "../job/job-definition.js";

/** How an SSH side's send and receive streams travel, as resolved: `doctor` prints it. */
export interface SshStreamRoute {
  readonly dataPath: SshDataPath;
  /** The OpenSSH client found in PATH; undefined when there is none. */
  readonly sshBinary: string | undefined;
  /** True when the job chose the data path (flag or config), false when zrelay did. */
  readonly chosen: boolean;
}

/** One side of a job, ready to use. */
export interface OpenEndpoint {
  readonly endpoint: ZfsEndpoint;
  /** The command runner under the endpoint, when it has one: `doctor` runs its checks through it. */
  readonly runner?: CommandRunner | undefined;
  /** For a side reached over SSH: the data path its streams take. */
  readonly sshStreams?: SshStreamRoute | undefined;
  /** Ends the side's connection, if it has one. */
  close(): Promise<void>;
}

/** What to open. */
export interface EndpointRequest {
  /** The side: no `host` means this machine. */
  readonly side: HostSpec;
  /** Which side of the job it is. */
  readonly role: "source" | "target";
  /** Record the key of a host not yet in known_hosts (`--accept-new-host-key`). */
  readonly acceptNewHostKey: boolean;
  /** Told every zfs command line run on the host, for `--debug`. */
  readonly onCommand: (host: string, command: string) => void;
}

/** Decides how a side is reached: a local process, SSH, or (in tests) an in-memory fake. */
export interface EndpointFactory {
  open(request: EndpointRequest): Promise<OpenEndpoint>;
}
