import type { TransferRecord } from "../model/transfer-record.js";
import { payloadBlock } from "./payload-pattern.js";
import { encodeRecordHeader } from "./record-header-codec.js";
import {
  PATTERN_BYTES,
  PAYLOAD_BLOCK_BYTES,
  PAYLOAD_LENGTH_BYTES,
  RECORD_BEGIN_TAG,
  RECORD_END_TAG,
  RECORD_PREFIX_BYTES,
  RECORD_TRAILER_BYTES,
  STREAM_END_BYTES,
  STREAM_END_TAG,
  STREAM_HEADER_BYTES,
  STREAM_MAGIC,
  STREAM_VERSION,
} from "./stream-format.js";

/**
 * The bytes of a fake send stream, chunk by chunk. Payload comes as views of
 * one preallocated, never-written 1 MiB block per guid, so generating GiBs
 * costs no copying; a consumer may keep chunks as long as it likes.
 */
export function* encodeStream(records: readonly TransferRecord[]): Generator<Uint8Array, void, undefined> {
  const header = Buffer.alloc(STREAM_HEADER_BYTES);
  STREAM_MAGIC.copy(header, 0);
  header.writeUInt32BE(STREAM_VERSION, 8);
  yield header;
  let streamBytes = STREAM_HEADER_BYTES;
  for (const record of records) {
    const json = encodeRecordHeader(record);
    const payloadLength = record.payloadBytes - record.resumeOffset;
    const begin = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + json.length + PAYLOAD_LENGTH_BYTES);
    RECORD_BEGIN_TAG.copy(begin, 0);
    begin.writeUInt32BE(json.length, 4);
    json.copy(begin, RECORD_PREFIX_BYTES);
    begin.writeBigUInt64BE(BigInt(payloadLength), RECORD_PREFIX_BYTES + json.length);
    yield begin;
    yield* payloadChunks(record.guid, record.resumeOffset, payloadLength);
    const recordBytes = begin.length + payloadLength;
    const trailer = Buffer.allocUnsafe(RECORD_TRAILER_BYTES);
    RECORD_END_TAG.copy(trailer, 0);
    trailer.writeBigUInt64BE(BigInt(recordBytes), 4);
    yield trailer;
    streamBytes += recordBytes + RECORD_TRAILER_BYTES;
  }
  const end = Buffer.allocUnsafe(STREAM_END_BYTES);
  STREAM_END_TAG.copy(end, 0);
  end.writeUInt32BE(records.length, 4);
  end.writeBigUInt64BE(BigInt(streamBytes), 8);
  yield end;
}

/** Payload bytes [start, start + length) of a snapshot, as views of its block. */
function* payloadChunks(guid: bigint, start: number, length: number): Generator<Uint8Array, void, undefined> {
  if (length === 0) return;
  const block = payloadBlock(guid);
  let position = start;
  let remaining = length;
  while (remaining > 0) {
    const phase = position % PATTERN_BYTES;
    const size = Math.min(remaining, PAYLOAD_BLOCK_BYTES - phase);
    yield phase === 0 && size === PAYLOAD_BLOCK_BYTES ? block : block.subarray(phase, phase + size);
    position += size;
    remaining -= size;
  }
}

/** Bytes `encodeStream(records)` produces, without producing them (`zfs send -nP`). */
export function encodedStreamLength(records: readonly TransferRecord[]): number {
  let total = STREAM_HEADER_BYTES + STREAM_END_BYTES;
  for (const record of records) {
    total += RECORD_PREFIX_BYTES + encodeRecordHeader(record).length + PAYLOAD_LENGTH_BYTES;
    total += record.payloadBytes - record.resumeOffset + RECORD_TRAILER_BYTES;
  }
  return total;
}
