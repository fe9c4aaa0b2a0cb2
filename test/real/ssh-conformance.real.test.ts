import {
  createCommandWorld,
  describeEndpointConformance,
  poolsFromEnvironment,
} from "@zrelay/testkit/conformance";
import { createSshEndpoint } from "@zrelay/zfs-ssh";
import { describe, it } from "vitest";
import { loginToThisMachine } from "./lab-login.js";

// The SSH adapter against real OpenZFS: inside the zfs-lab VM, through the VM's own sshd
// on 127.0.0.1, so the fixture's local `zfs` commands and the adapter reach the same pools.
if (process.env.ZRELAY_REAL_ZFS === "1") {
  const login = loginToThisMachine();
  // run-real.mjs passes it on: openssh (default) or ssh2.
  const dataPath = process.env.ZRELAY_REAL_SSH_DATA_PATH === "ssh2" ? "ssh2" : "openssh";
  describeEndpointConformance({
    name: `zfs-ssh (${dataPath} data path) on real OpenZFS`,
    create: async () => {
      const endpoint = createSshEndpoint({
        host: "127.0.0.1",
        user: "root",
        identity: login.identity,
        knownHostsFiles: [login.knownHosts],
        agentSocket: null,
        sshConfigFile: null,
        dataPath,
      });
      const world = await createCommandWorld({ endpoint, ...poolsFromEnvironment() });
      // One control connection per endpoint: close it with the world, or it outlives the test.
      return { ...world, dispose: () => world.dispose().finally(() => endpoint.close()) };
    },
    timeoutMs: 90_000,
  });
} else {
  describe("zfs-ssh on real OpenZFS", () => {
    it.skip("needs real ZFS: run `npm run test:real` (zfs-lab VM) or set ZRELAY_REAL_ZFS=1 on a ZFS machine", () => {});
  });
}
