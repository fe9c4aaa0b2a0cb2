// A loopback OpenSSH server for tests of SSH adapters.
export { startTestSshAgent, type TestSshAgent } from "./ssh-agent.js";
export { generateSshKey, type SshKeyOptions, type SshKeyPair, sshKeyFingerprint } from "./ssh-keys.js";
export { findProcesses, processAlive, type SshdConnection } from "./sshd-sessions.js";
export { startTestSshd, type TestSshd, type TestSshdOptions } from "./test-sshd.js";
