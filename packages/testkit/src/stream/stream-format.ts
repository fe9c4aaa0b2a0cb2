/*
 * The fake send stream, version 1. All integers are unsigned big-endian.
 *
 *   stream      := header record* end
 *   header      := magic "ZRFAKESS" (8 bytes) · version u32 (= 1) · flags u32 (= 0)
 *   record      := "BEGN" · headerLength u32 · headerJson · payloadLength u64 · payload
 *                  · "REND" · recordBytes u64
 *   end         := "DONE" · recordCount u32 · streamBytes u64
 *
 * headerJson is UTF-8 JSON of one TransferRecord (bigints as decimal strings,
 * file contents base64). payloadLength = payloadBytes − resumeOffset. Payload
 * byte i of a snapshot (counted from the snapshot's start, so a resumed stream
 * continues the same sequence) is pattern(guid)[i mod 65536], a 64 KiB block
 * derived from the snapshot guid: the receiver checks every byte by comparing
 * against the same block, with no hashing. recordBytes counts the record from
 * "BEGN" through the payload; streamBytes counts everything before "DONE".
 * A `-I` stream is several records in a row; each commits on its own.
 * docs/fake-stream-format.md describes the format for humans.
 */

export const STREAM_MAGIC = Buffer.from("ZRFAKESS", "ascii");
export const STREAM_VERSION = 1;
export const STREAM_HEADER_BYTES = 16;

export const TAG_BYTES = 4;
export const RECORD_BEGIN_TAG = Buffer.from("BEGN", "ascii");
export const RECORD_END_TAG = Buffer.from("REND", "ascii");
export const STREAM_END_TAG = Buffer.from("DONE", "ascii");

/** "BEGN" + headerLength. */
export const RECORD_PREFIX_BYTES = TAG_BYTES + 4;
/** payloadLength field. */
export const PAYLOAD_LENGTH_BYTES = 8;
/** "REND" + recordBytes. */
export const RECORD_TRAILER_BYTES = TAG_BYTES + 8;
/** "DONE" + recordCount + streamBytes. */
export const STREAM_END_BYTES = TAG_BYTES + 4 + 8;

/** Headers beyond this are refused rather than buffered (they carry small test files only). */
export const MAX_RECORD_HEADER_BYTES = 64 * 1024 * 1024;

/** Length of the repeating payload pattern. */
export const PATTERN_BYTES = 64 * 1024;
/** Size of the preallocated payload block the encoder yields again and again. */
export const PAYLOAD_BLOCK_BYTES = 1024 * 1024;
