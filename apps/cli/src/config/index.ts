export { BANDWIDTH_LIMIT_FORMS, parseBandwidthLimit, readByteRate } from "./bandwidth-limit.js";
export type { ConfigDefaults, HostDefaults } from "./config-defaults.js";
export { ConfigFileError, type ConfigIssue, formatConfigIssue } from "./config-issues.js";
export { DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig, type ZrelayConfig } from "./config-loader.js";
export { DEFAULT_JOB_OPTIONS } from "./config-options.js";
export {
  type DatasetLocation,
  type HostAddress,
  parseDatasetLocation,
  parseHostAddress,
} from "./host-shorthand.js";
export { selectJobs } from "./job-selection.js";
export { type PatternTarget, patternProblem } from "./pattern-rules.js";
