// The in-memory fake ZFS: model, stream format, fake endpoint.

// The zfs command emulator: a machine whose `zfs` is backed by a FakeZfs on disk.
export {
  createEmulatorHost,
  EMULATOR_BIN_DIRECTORY,
  type EmulatorHost,
  type EmulatorHostOptions,
} from "./emulator/emulator-host.js";
export { EMULATOR_ROOT_VARIABLE, runZfsEmulator } from "./emulator/zfs-emulator-main.js";
export * from "./fake/fake-endpoint.js";
export * from "./fake/fake-faults.js";
export * from "./fake/zfs-error-mapping.js";
export { toBase64 } from "./model/dataset-content.js";
export type { CreateDatasetOptions } from "./model/dataset-lifecycle.js";
export type { DatasetView, PointView, SnapshotView } from "./model/dataset-listing.js";
export * from "./model/fake-zfs.js";
export * from "./model/fake-zfs-error.js";
export type * from "./model/fake-zfs-state.js";
export * from "./model/model-serialisation.js";
export { DEFAULT_PAYLOAD_BYTES, PAYLOAD_BYTES_PROPERTY, type PropertyValue } from "./model/property-view.js";
export type { ReceiveDecision, ReceiveOptions } from "./model/receive-checks.js";
export * from "./model/receive-resume-token.js";
export { ReceiveSession, type StreamStop } from "./model/receive-session.js";
export type { SendPlanRequest } from "./model/send-planner.js";
export type { HoldView } from "./model/snapshot-holds.js";
export * from "./model/transfer-record.js";
export * from "./model/zfs-error-catalogue.js";
export * from "./model/zfs-names.js";
export * from "./sshd/index.js";
export * from "./stream/payload-pattern.js";
export * from "./stream/stream-decoder.js";
export * from "./stream/stream-encoder.js";
export * from "./stream/stream-format.js";
export * from "./stream/stream-format-error.js";
export type { RecordReceiver } from "./stream/stream-receiver.js";
export * from "./stream/stream-receiver.js";
