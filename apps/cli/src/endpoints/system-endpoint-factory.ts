import { createZfsCommandEndpoint } from "@zrelay/zfs-command";
import { createLocalCommandRunner } from "@zrelay/zfs-local";
import { createSshCommandRunner, resolveSshSettings } from "@zrelay/zfs-ssh";
import type { HostSpec } from "../job/job-definition.js";
import { zfsSearchPath } from "../job/zfs-path.js";
import { loggingRunner } from "./command-log-runner.js";
import type { EndpointFactory, EndpointRequest, OpenEndpoint } from "./endpoint-factory.js";

/**
 * The real sides: `zfs` as a local process for this machine, over SSH for a
 * host. Without a `zfsPath`, `zfs` is looked up in PATH and then /usr/sbin and
 * /sbin (the remote command line appends them too), so putting the zfs emulator
 * first in PATH (with `ZRELAY_FAKE_ZFS_ROOT`) runs the whole CLI against it.
 */
export class SystemEndpointFactory implements EndpointFactory {
  async open(request: EndpointRequest): Promise<OpenEndpoint> {
    const { side } = request;
    if (side.host === undefined) {
      const local = createLocalCommandRunner({
        host: "localhost",
        env: { PATH: zfsSearchPath(process.env.PATH) },
      });
      const runner = loggingRunner(local, request.onCommand);
      return { endpoint: createZfsCommandEndpoint(runner, zfsOf(side)), runner, close: async () => {} };
    }
    const settings = resolveSshSettings({
      host: side.host,
      ...(side.user === undefined ? {} : { user: side.user }),
      ...(side.port === undefined ? {} : { port: side.port }),
      ...(side.identity === undefined ? {} : { identity: side.identity }),
      ...(side.sudo === undefined ? {} : { sudo: side.sudo }),
      ...(side.sshDataPath === undefined ? {} : { dataPath: side.sshDataPath }),
      acceptNewHostKey: request.acceptNewHostKey,
    });
    const ssh = createSshCommandRunner(settings);
    const runner = loggingRunner(ssh, request.onCommand);
    return {
      endpoint: createZfsCommandEndpoint(runner, zfsOf(side)),
      runner,
      sshStreams: {
        dataPath: settings.dataPath,
        sshBinary: settings.sshBinary,
        chosen: side.sshDataPath !== undefined,
      },
      close: () => ssh.close(),
    };
  }
}

function zfsOf(side: HostSpec): { zfsCommand?: string } {
  return side.zfsPath === undefined ? {} : { zfsCommand: side.zfsPath };
}
