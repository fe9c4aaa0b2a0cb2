import {
  createCommandWorld,
  describeEndpointConformance,
  poolsFromEnvironment,
} from "@zrelay/testkit/conformance";
import { createLocalEndpoint } from "@zrelay/zfs-local";
import { describe, it } from "vitest";

// The local adapter against real OpenZFS, inside the zfs-lab VM (`npm run test:real`).
// Each world makes its own `<pool>/zr-<random>` roots under the lab's pools and destroys them.
if (process.env.ZRELAY_REAL_ZFS === "1") {
  describeEndpointConformance({
    name: "zfs-local on real OpenZFS",
    create: () => createCommandWorld({ endpoint: createLocalEndpoint(), ...poolsFromEnvironment() }),
    // The lab runs under software emulation, about ten times slower than native.
    timeoutMs: 60_000,
  });
} else {
  describe("zfs-local on real OpenZFS", () => {
    it.skip("needs real ZFS: run `npm run test:real` (zfs-lab VM) or set ZRELAY_REAL_ZFS=1 on a ZFS machine", () => {});
  });
}
