export * from "./endpoint/endpoint-port.js";
export * from "./errors/error-codes.js";
export * from "./errors/zrelay-error.js";
export * from "./model/dataset.js";
export * from "./model/resume-token.js";
export * from "./model/snapshot.js";
export * from "./planner/plan-conflict.js";
export * from "./planner/plan-types.js";
