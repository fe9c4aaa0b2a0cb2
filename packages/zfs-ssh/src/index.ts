export { createSshCommandRunner, type SshCommandRunner } from "./ssh-command-runner.js";
export { createSshEndpoint, type SshEndpoint } from "./ssh-endpoint.js";
export type { SshDataPath, SshEndpointOptions } from "./ssh-endpoint-options.js";
export { resolveSshSettings, type SshSettings } from "./ssh-settings.js";
export { ssh2NativeCryptoAvailable } from "./ssh2-native-crypto.js";
