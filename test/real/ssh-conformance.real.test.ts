import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createCommandWorld,
  describeEndpointConformance,
  poolsFromEnvironment,
} from "@zrelay/testkit/conformance";
import { createSshEndpoint } from "@zrelay/zfs-ssh";
import { describe, it } from "vitest";

// The SSH adapter against real OpenZFS: inside the zfs-lab VM, through the VM's own sshd
// on 127.0.0.1, so the fixture's local `zfs` commands and the adapter reach the same pools.
// A fresh client key is authorized for root (the VM's root disk is discarded at stop), and
// the host key is verified against a known_hosts file written from the VM's own key.
function loginToThisMachine() {
  const dir = mkdtempSync(join(tmpdir(), "zrelay-real-ssh-"));
  const identity = join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", identity]);
  mkdirSync("/root/.ssh", { recursive: true, mode: 0o700 });
  writeFileSync("/root/.ssh/authorized_keys", readFileSync(`${identity}.pub`), { flag: "a" });
  const knownHosts = join(dir, "known_hosts");
  const hostKey = readFileSync("/etc/ssh/ssh_host_ed25519_key.pub", "utf8").split(" ").slice(0, 2).join(" ");
  writeFileSync(knownHosts, `127.0.0.1 ${hostKey}\n`);
  return { identity, knownHosts };
}

if (process.env.ZRELAY_REAL_ZFS === "1") {
  const login = loginToThisMachine();
  describeEndpointConformance({
    name: "zfs-ssh (OpenSSH data path) on real OpenZFS",
    create: async () => {
      const endpoint = createSshEndpoint({
        host: "127.0.0.1",
        user: "root",
        identity: login.identity,
        knownHostsFiles: [login.knownHosts],
        agentSocket: null,
        sshConfigFile: null,
        dataPath: "openssh",
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
