// Raw-encrypted push to an untrusted offsite host: every send raw, every receive verified.
export * from "./encryption-check.js";
export * from "./raw-push-options.js";
export * from "./raw-push-plan.js";
export * from "./raw-push-policy.js";
export * from "./raw-push-report.js";
export * from "./raw-push-route.js";
export type { RawPushRunOptions } from "./raw-push-run.js";
export * from "./raw-send-endpoint.js";
export * from "./restore-keys-plan.js";
export type { ChainRecord } from "./source-chain.js";
export * from "./verifying-target-endpoint.js";
