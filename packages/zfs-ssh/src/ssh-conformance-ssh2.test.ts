import { conformanceGroups, describeEndpointConformance } from "@zrelay/testkit/conformance";
import { sshConformanceTarget } from "./ssh-conformance-world.fixture.js";

// Listing, holds, snapshots and destroy go over the one ssh2 control connection
// whatever the data path: ssh-conformance-openssh.test.ts runs them. Here run
// what the ssh2 data path does itself: transfers, refusals of a receive,
// resume and interruption.
const CONTROL_ONLY = new Set(["listing", "snapshots, bookmarks, holds and parents"]);
const sameOnBothPaths = Object.fromEntries(
  conformanceGroups
    .filter((group) => CONTROL_ONLY.has(group.title))
    .flatMap((group) => group.behaviours.map((behaviour) => behaviour.id))
    .map((id) => [id, "control connection, same on both data paths: run by ssh-conformance-openssh.test.ts"]),
);

describeEndpointConformance(sshConformanceTarget("ssh2", sameOnBothPaths));
