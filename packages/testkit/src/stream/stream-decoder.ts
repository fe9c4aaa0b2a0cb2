import type { TransferRecord } from "../model/transfer-record.js";
import { payloadBlock } from "./payload-pattern.js";
import { decodeRecordHeader } from "./record-header-codec.js";
import {
  MAX_RECORD_HEADER_BYTES,
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
  TAG_BYTES,
} from "./stream-format.js";
import { StreamFormatError } from "./stream-format-error.js";

/** Callbacks of a StreamDecoder. A throwing callback stops the decoder and the error leaves `write`. */
export interface StreamDecoderHandlers {
  /** A record header arrived whole; its payload follows. */
  readonly onRecordBegin?: (record: TransferRecord) => void;
  /** The record's payload arrived whole, every byte verified. */
  readonly onRecordEnd?: (record: TransferRecord) => void;
  /** The end marker arrived and matched. */
  readonly onStreamEnd?: (summary: { readonly records: number; readonly bytes: number }) => void;
}

type Phase =
  | "header"
  | "tag"
  | "length"
  | "record"
  | "payload-length"
  | "payload"
  | "trailer"
  | "end"
  | "done";

/**
 * Push-based decoder: feed chunks of any size with `write`, then `end`.
 * Fixed-size fields are gathered across chunk boundaries; payload is checked
 * in place against the guid's pattern block, never buffered.
 */
export class StreamDecoder {
  readonly #handlers: StreamDecoderHandlers;
  #phase: Phase = "header";
  #field: Buffer = Buffer.allocUnsafe(STREAM_HEADER_BYTES);
  #have = 0;
  #bytesRead = 0;
  #tagAt = 0;
  #records = 0;
  #headerLength = 0;
  #record: TransferRecord | undefined;
  #block: Buffer | undefined;
  #payloadPosition = 0;
  #payloadRemaining = 0;
  #failure: unknown;

  constructor(handlers: StreamDecoderHandlers = {}) {
    this.#handlers = handlers;
  }

  /** Bytes accepted so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }
  /** The record whose header arrived and whose end has not, if any. */
  get currentRecord(): TransferRecord | undefined {
    return this.#record;
  }
  /** Verified payload of the current record, counted from the snapshot's start (resume offset included). */
  get payloadPosition(): number {
    return this.#payloadPosition;
  }
  /** The end marker has been read. */
  get finished(): boolean {
    return this.#phase === "done";
  }

  write(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      this.#write(
        Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
      );
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  /** No more bytes: throws `truncated` unless the end marker was read. */
  end(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#phase !== "done") {
      this.#failure = new StreamFormatError("truncated", `stream ended after ${this.#bytesRead} bytes`);
      throw this.#failure;
    }
  }

  #write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#phase === "done") throw new StreamFormatError("malformed", "bytes after the end marker");
      if (this.#phase === "payload") {
        offset += this.#payload(chunk, offset);
        continue;
      }
      const size = Math.min(this.#field.length - this.#have, chunk.length - offset);
      chunk.copy(this.#field, this.#have, offset, offset + size);
      this.#have += size;
      this.#bytesRead += size;
      offset += size;
      if (this.#have === this.#field.length) this.#fieldComplete(this.#field);
    }
  }

  #expect(phase: Phase, size: number): void {
    if (phase === "tag") this.#tagAt = this.#bytesRead;
    this.#phase = phase;
    this.#field = Buffer.allocUnsafe(size);
    this.#have = 0;
  }

  #fieldComplete(field: Buffer): void {
    switch (this.#phase) {
      case "header":
        this.#checkHeader(field);
        this.#expect("tag", TAG_BYTES);
        break;
      case "tag":
        if (field.equals(RECORD_BEGIN_TAG)) this.#expect("length", RECORD_PREFIX_BYTES - TAG_BYTES);
        else if (field.equals(STREAM_END_TAG)) this.#expect("end", STREAM_END_BYTES - TAG_BYTES);
        else throw new StreamFormatError("malformed", `unknown record tag at byte ${this.#tagAt}`);
        break;
      case "length":
        this.#headerLength = field.readUInt32BE(0);
        if (this.#headerLength === 0 || this.#headerLength > MAX_RECORD_HEADER_BYTES) {
          throw new StreamFormatError("malformed", `record header length ${this.#headerLength}`);
        }
        this.#expect("record", this.#headerLength);
        break;
      case "record":
        this.#record = decodeRecordHeader(field);
        this.#expect("payload-length", PAYLOAD_LENGTH_BYTES);
        break;
      case "payload-length":
        this.#beginPayload(field.readBigUInt64BE(0));
        break;
      case "trailer":
        this.#endRecord(field);
        break;
      case "end":
        this.#endStream(field);
        break;
    }
  }

  #checkHeader(field: Buffer): void {
    if (!field.subarray(0, STREAM_MAGIC.length).equals(STREAM_MAGIC)) {
      throw new StreamFormatError("bad-magic", "not a fake zfs stream");
    }
    if (field.readUInt32BE(8) !== STREAM_VERSION) {
      throw new StreamFormatError("malformed", `unsupported version ${field.readUInt32BE(8)}`);
    }
  }

  #beginPayload(length: bigint): void {
    const record = this.#record as TransferRecord;
    if (length !== BigInt(record.payloadBytes - record.resumeOffset)) {
      throw new StreamFormatError("malformed", `payload length ${length} does not match the record header`);
    }
    this.#payloadPosition = record.resumeOffset;
    this.#payloadRemaining = Number(length);
    this.#block = payloadBlock(record.guid);
    this.#handlers.onRecordBegin?.(record);
    if (this.#payloadRemaining > 0) this.#phase = "payload";
    else this.#expect("trailer", RECORD_TRAILER_BYTES);
  }

  /** Verifies payload in place; returns how many bytes of `chunk` it took. */
  #payload(chunk: Buffer, offset: number): number {
    const block = this.#block as Buffer;
    const size = Math.min(this.#payloadRemaining, chunk.length - offset);
    for (let done = 0; done < size; ) {
      const phase = this.#payloadPosition % PATTERN_BYTES;
      const length = Math.min(size - done, PAYLOAD_BLOCK_BYTES - phase);
      const start = offset + done;
      if (
        Buffer.compare(chunk.subarray(start, start + length), block.subarray(phase, phase + length)) !== 0
      ) {
        throw new StreamFormatError("checksum", `payload differs near byte ${this.#payloadPosition}`);
      }
      this.#payloadPosition += length;
      this.#payloadRemaining -= length;
      this.#bytesRead += length;
      done += length;
    }
    if (this.#payloadRemaining === 0) this.#expect("trailer", RECORD_TRAILER_BYTES);
    return size;
  }

  #endRecord(field: Buffer): void {
    const record = this.#record as TransferRecord;
    const expected = RECORD_PREFIX_BYTES + this.#headerLength + PAYLOAD_LENGTH_BYTES;
    const payload = record.payloadBytes - record.resumeOffset;
    if (!field.subarray(0, TAG_BYTES).equals(RECORD_END_TAG)) {
      throw new StreamFormatError("malformed", "record end marker missing");
    }
    if (field.readBigUInt64BE(TAG_BYTES) !== BigInt(expected + payload)) {
      throw new StreamFormatError("malformed", "record byte count does not match");
    }
    this.#records += 1;
    this.#handlers.onRecordEnd?.(record);
    this.#record = undefined;
    this.#block = undefined;
    this.#expect("tag", TAG_BYTES);
  }

  #endStream(field: Buffer): void {
    const records = field.readUInt32BE(0);
    const bytes = field.readBigUInt64BE(4);
    if (records !== this.#records || bytes !== BigInt(this.#tagAt)) {
      throw new StreamFormatError("malformed", `end marker says ${records} records, ${bytes} bytes`);
    }
    this.#phase = "done";
    this.#handlers.onStreamEnd?.({ records, bytes: this.#bytesRead });
  }
}
