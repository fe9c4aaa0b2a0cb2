import { describeEndpointConformance } from "@zrelay/testkit/conformance";
import { sshConformanceTarget } from "./ssh-conformance-world.fixture.js";

// Every behaviour over the OpenSSH data path; ssh-conformance-ssh2.test.ts runs
// the ones the ssh2 data path does differently.
describeEndpointConformance(sshConformanceTarget("openssh"));
