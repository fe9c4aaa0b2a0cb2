import { createEmulatorHost, PAYLOAD_BYTES_PROPERTY } from "@zrelay/testkit";
import { createEmulatorWorld, describeEndpointConformance } from "@zrelay/testkit/conformance";
import { afterAll } from "vitest";
import { createLocalEndpoint } from "./local-endpoint.js";

// The local adapter against the zfs emulator: real processes, real pipes, no ZFS.
// A stream's middle must lie in its payload for the cut-stream behaviours, as on
// real ZFS where file data dominates: hence half a MiB of payload per snapshot.
const host = createEmulatorHost({ poolProperties: { [PAYLOAD_BYTES_PROPERTY]: String(512 * 1024) } });
afterAll(() => host.dispose());

describeEndpointConformance({
  name: "zfs-local on the zfs emulator",
  create: () => createEmulatorWorld({ endpoint: createLocalEndpoint({ env: host.env }), host }),
});
