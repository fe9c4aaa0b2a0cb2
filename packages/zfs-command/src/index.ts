export * from "./command-runner.js";
export { DEFAULT_TAIL_BYTES, OutputTail } from "./output-tail.js";
export { parseSendSize } from "./send-size-parser.js";
export { createZfsCommandEndpoint } from "./zfs-command-endpoint.js";
export type { ZfsCommandEndpointOptions } from "./zfs-command-options.js";
export { displayCommand, summarizeStderr, type ZfsFailure, zfsFailureToError } from "./zfs-error-mapper.js";
export { parseDatasetProperties } from "./zfs-get-parser.js";
export { parseHoldTags } from "./zfs-holds-parser.js";
export { parseNameList, parseSnapshotList } from "./zfs-list-parser.js";
export {
  abortReceiveOperation,
  bookmarkOperation,
  createOperation,
  destroyOperation,
  holdOperation,
  holdsOperation,
  listOperation,
  receiveOperation,
  releaseOperation,
  rollbackOperation,
  sendOperation,
  type ZfsOperation,
  type ZfsOperationKind,
} from "./zfs-operation.js";
export { ZfsOutputError } from "./zfs-output-error.js";
