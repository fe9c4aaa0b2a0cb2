import type { EndpointCapabilities, ZfsEndpoint } from "@zrelay/core";
import { createZfsCommandEndpoint } from "@zrelay/zfs-command";
import { createLocalCommandRunner } from "./local-command-runner.js";

/** Options of `createLocalEndpoint`. */
export interface LocalEndpointOptions {
  /**
   * Name or absolute path of the `zfs` command. Default `"zfs"`, looked up in
   * PATH (this process's, or `env.PATH` when given).
   */
  readonly zfsCommand?: string;
  /**
   * Extra environment variables for every zfs command, over this process's own.
   * Pointing `PATH` at a directory holding the zfs emulator (plus its
   * `ZRELAY_FAKE_ZFS_ROOT`) is all it takes to run against the emulator.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Host label in messages. Default `"localhost"`. */
  readonly host?: string;
  /** Capabilities to take away from the default (all true for OpenZFS 2.x). */
  readonly capabilities?: Partial<EndpointCapabilities>;
}

/** The ZfsEndpoint of this machine: the zfs command line, run as local processes. */
export function createLocalEndpoint(options: LocalEndpointOptions = {}): ZfsEndpoint {
  const runner = createLocalCommandRunner({ host: options.host, env: options.env });
  return createZfsCommandEndpoint(runner, {
    zfsCommand: options.zfsCommand,
    capabilities: options.capabilities,
  });
}
