import type { ZfsEndpoint } from "@zrelay/core";
import { createZfsCommandEndpoint } from "@zrelay/zfs-command";
import { createSshCommandRunner } from "./ssh-command-runner.js";
import type { SshEndpointOptions } from "./ssh-endpoint-options.js";
import { resolveSshSettings } from "./ssh-settings.js";

/** The endpoint of a remote host, plus the connection it holds open. */
export interface SshEndpoint extends ZfsEndpoint {
  /** Ends the control connection; call once the run is over so the process can exit. */
  close(): Promise<void>;
}

/**
 * A ZfsEndpoint for zfs on a remote host over SSH: the zfs commands, parsers
 * and error mapping of @zrelay/zfs-command, run over one verified ssh2
 * control connection, with send/receive streams on the chosen data path.
 * Nothing connects until the first operation.
 */
export function createSshEndpoint(options: SshEndpointOptions): SshEndpoint {
  const settings = resolveSshSettings(options);
  const runner = createSshCommandRunner(settings);
  const endpoint = createZfsCommandEndpoint(runner, {
    ...(options.zfsCommand === undefined ? {} : { zfsCommand: options.zfsCommand }),
    ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
  });
  return Object.freeze({ ...endpoint, close: () => runner.close() });
}
