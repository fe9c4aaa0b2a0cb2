import type { TestSshd } from "@zrelay/testkit";
import type { SshEndpointOptions } from "./ssh-endpoint-options.js";

/**
 * Options that point an endpoint at a test sshd and nowhere else: its key,
 * its known_hosts, no agent and no ~/.ssh/config of whoever runs the tests.
 */
export function testSshdOptions(
  sshd: TestSshd,
  overrides: Partial<SshEndpointOptions> = {},
): SshEndpointOptions {
  return {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identity: sshd.clientKey.privateKeyFile,
    knownHostsFiles: [sshd.knownHostsFile],
    agentSocket: null,
    sshConfigFile: null,
    connectTimeoutMs: 10_000,
    ...overrides,
  };
}
