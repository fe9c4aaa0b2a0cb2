import { createEmulatorHost, PAYLOAD_BYTES_PROPERTY, startTestSshd, type TestSshd } from "@zrelay/testkit";
import { type ConformanceTarget, createEmulatorWorld } from "@zrelay/testkit/conformance";
import { afterAll, beforeAll } from "vitest";
import { createSshEndpoint } from "./ssh-endpoint.js";
import type { SshDataPath } from "./ssh-endpoint-options.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

/**
 * The SSH adapter on one data path against the zfs emulator behind a real
 * OpenSSH sshd on loopback: the fixture sets up the emulator's state
 * in-process, the endpoint reaches the same state over SSH. Half a MiB of
 * payload per snapshot puts a cut stream's middle in file data. One file per
 * data path, so the two run in parallel.
 */
export function sshConformanceTarget(
  dataPath: SshDataPath,
  skip?: ConformanceTarget["skip"],
): ConformanceTarget {
  const host = createEmulatorHost({ poolProperties: { [PAYLOAD_BYTES_PROPERTY]: String(512 * 1024) } });
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startTestSshd({
      pathPrefix: [host.binDirectory],
      env: { ZRELAY_FAKE_ZFS_ROOT: host.root },
    });
  });
  afterAll(async () => {
    await sshd?.stop();
    host.dispose();
  });
  return {
    name: `zfs-ssh (${dataPath} data path) on the zfs emulator over sshd`,
    ...(skip === undefined ? {} : { skip }),
    async create() {
      const endpoint = createSshEndpoint(testSshdOptions(sshd, { dataPath }));
      const world = await createEmulatorWorld({ endpoint, host });
      return {
        ...world,
        async dispose() {
          try {
            await world.dispose();
          } finally {
            await endpoint.close();
          }
        },
      };
    },
  };
}
