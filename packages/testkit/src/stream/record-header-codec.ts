import type { TransferRecord } from "../model/transfer-record.js";
import { StreamFormatError } from "./stream-format-error.js";

/** The JSON header of one record: a TransferRecord with bigints as decimal strings. */
export function encodeRecordHeader(record: TransferRecord): Buffer {
  return Buffer.from(
    JSON.stringify({
      sourceDataset: record.sourceDataset,
      snapshotName: record.snapshotName,
      guid: record.guid.toString(),
      createtxg: record.createtxg.toString(),
      creation: record.creation,
      type: record.type,
      fromGuid: record.fromGuid?.toString() ?? null,
      fromBookmark: record.fromBookmark,
      raw: record.raw,
      encryption: record.encryption
        ? { ...record.encryption, keyId: record.encryption.keyId.toString() }
        : null,
      files: record.files,
      payloadBytes: record.payloadBytes,
      resuming: record.resuming,
      resumeOffset: record.resumeOffset,
    }),
    "utf8",
  );
}

/** Parses and checks a record header; anything off is a malformed stream. */
export function decodeRecordHeader(bytes: Uint8Array): TransferRecord {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (cause) {
    throw new StreamFormatError("malformed", `record header is not JSON (${(cause as Error).message})`);
  }
  const encryption = json.encryption as Record<string, unknown> | null;
  const record: TransferRecord = {
    sourceDataset: text(json, "sourceDataset"),
    snapshotName: text(json, "snapshotName"),
    guid: uint64(json.guid, "guid"),
    createtxg: uint64(json.createtxg, "createtxg"),
    creation: count(json, "creation"),
    type: json.type === "volume" ? "volume" : json.type === "filesystem" ? "filesystem" : bad("type"),
    fromGuid: json.fromGuid === null ? undefined : uint64(json.fromGuid, "fromGuid"),
    fromBookmark: flag(json, "fromBookmark"),
    raw: flag(json, "raw"),
    encryption:
      encryption === null || typeof encryption !== "object"
        ? undefined
        : {
            algorithm: text(encryption, "algorithm"),
            keyformat: text(encryption, "keyformat"),
            keyId: uint64(encryption.keyId, "keyId"),
            ...(encryption.keyDigest === undefined ? {} : { keyDigest: text(encryption, "keyDigest") }),
          },
    files: fileMap(json.files),
    payloadBytes: count(json, "payloadBytes"),
    resuming: flag(json, "resuming"),
    resumeOffset: count(json, "resumeOffset"),
  };
  if (record.resumeOffset > record.payloadBytes) bad("resumeOffset");
  if (record.raw !== (record.encryption !== undefined)) bad("encryption");
  return record;
}

function bad(field: string): never {
  throw new StreamFormatError("malformed", `record header field ${field} is missing or invalid`);
}
function text(json: Record<string, unknown>, field: string): string {
  const value = json[field];
  return typeof value === "string" ? value : bad(field);
}
function flag(json: Record<string, unknown>, field: string): boolean {
  const value = json[field];
  return typeof value === "boolean" ? value : bad(field);
}
function count(json: Record<string, unknown>, field: string): number {
  const value = json[field];
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : bad(field);
}
function uint64(value: unknown, field: string): bigint {
  if (typeof value !== "string" || !/^\d{1,20}$/.test(value)) bad(field);
  const parsed = BigInt(value);
  return parsed < 1n << 64n ? parsed : bad(field);
}
function fileMap(value: unknown): Readonly<Record<string, string>> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) bad("files");
  for (const content of Object.values(value)) if (typeof content !== "string") bad("files");
  return value as Record<string, string>;
}
