import type { ZfsEndpoint } from "@zrelay/core";
import type { CommandRunner } from "@zrelay/zfs-command";
import type { HostSpec } from "../job/job-definition.js";

/** One side of a job, ready to use. */
export interface OpenEndpoint {
  readonly endpoint: ZfsEndpoint;
  /** The command runner under the endpoint, when it has one: `doctor` runs its checks through it. */
  readonly runner?: CommandRunner | undefined;
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
