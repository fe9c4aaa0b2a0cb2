export { createLocalCommandRunner, type LocalCommandRunnerOptions } from "./local-command-runner.js";
export { createLocalEndpoint, type LocalEndpointOptions } from "./local-endpoint.js";
export { type ProcIo, readProcIo } from "./proc-io-counter.js";
