import { createEmulatorHost, PAYLOAD_BYTES_PROPERTY, startTestSshd, type TestSshd } from "@zrelay/testkit";
import { createCommandWorld, describeEndpointConformance } from "@zrelay/testkit/conformance";
import { afterAll, beforeAll } from "vitest";
import { createSshEndpoint } from "./ssh-endpoint.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

// The SSH adapter against the zfs emulator behind a real OpenSSH sshd on loopback:
// the fixture runs the emulator locally, the endpoint reaches the same state over
// SSH. Half a MiB of payload per snapshot puts a cut stream's middle in file data.
const host = createEmulatorHost({ poolProperties: { [PAYLOAD_BYTES_PROPERTY]: String(512 * 1024) } });
let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startTestSshd({
    pathPrefix: [host.binDirectory],
    env: { ZRELAY_FAKE_ZFS_ROOT: host.env.ZRELAY_FAKE_ZFS_ROOT as string },
  });
});

afterAll(async () => {
  await sshd?.stop();
  host.dispose();
});

for (const dataPath of ["openssh", "ssh2"] as const) {
  describeEndpointConformance({
    name: `zfs-ssh (${dataPath} data path) on the zfs emulator over sshd`,
    async create() {
      const endpoint = createSshEndpoint(testSshdOptions(sshd, { dataPath }));
      const world = await createCommandWorld({ endpoint, env: host.env });
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
  });
}
