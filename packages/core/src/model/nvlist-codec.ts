/**
 * A packed OpenZFS nvlist in NV_ENCODE_NATIVE, little-endian: the layout the kernel
 * uses for `receive_resume_token` payloads (`fnvlist_pack`). Only the value types a
 * resume token holds are understood; other pairs are skipped when reading, since
 * every pair records its own size.
 *
 * Layout: a 4-byte header (encoding 0 = native, endian 1 = little, 2 reserved bytes),
 * int32 version, uint32 flags, then pairs, then an int32 0. Each pair is
 * int32 size, int16 name length (with NUL), int16 reserved, int32 element count,
 * int32 type, the NUL-terminated name, then the value; name and value are each
 * padded to 8 bytes.
 */

/** uint64 and int64 values read as bigint, strings as string, booleans as boolean. */
export type NvValue = bigint | string | boolean;

/** The pairs of an nvlist in the order they were packed. */
export type NvPairs = ReadonlyMap<string, NvValue>;

const ENCODE_NATIVE = 0;
const ENCODE_XDR = 1;
const LITTLE_ENDIAN = 1;
const NV_VERSION = 0;
const NV_UNIQUE_NAME = 1;
const PAIR_HEADER_BYTES = 16;

// data_type_t values from OpenZFS sys/nvpair.h.
const TYPE_BOOLEAN = 1; // present or absent, no value
const TYPE_INT32 = 5;
const TYPE_UINT32 = 6;
const TYPE_INT64 = 7;
const TYPE_UINT64 = 8;
const TYPE_STRING = 9;
const TYPE_BOOLEAN_VALUE = 21;

const align8 = (n: number): number => (n + 7) & ~7;

/**
 * Pack pairs natively: a bigint becomes uint64, a string a string, `true` a
 * value-less boolean (present). `false` pairs are left out, as OpenZFS does.
 */
export function packNvlist(pairs: ReadonlyArray<readonly [string, bigint | string | boolean]>): Uint8Array {
  const chunks: Uint8Array[] = [
    Uint8Array.of(ENCODE_NATIVE, LITTLE_ENDIAN, 0, 0),
    int32s(NV_VERSION, NV_UNIQUE_NAME),
  ];
  for (const [name, value] of pairs) {
    if (value !== false) chunks.push(packPair(name, value));
  }
  chunks.push(int32s(0));
  return Buffer.concat(chunks);
}

function packPair(name: string, value: bigint | string | true): Uint8Array {
  const nameBytes = nulTerminated(name);
  const valueBytes =
    typeof value === "bigint" ? uint64(value) : value === true ? new Uint8Array() : nulTerminated(value);
  const type = typeof value === "bigint" ? TYPE_UINT64 : value === true ? TYPE_BOOLEAN : TYPE_STRING;
  const valueAt = PAIR_HEADER_BYTES + align8(nameBytes.length);
  const size = valueAt + align8(valueBytes.length);
  const pair = new Uint8Array(size);
  const view = new DataView(pair.buffer);
  view.setInt32(0, size, true);
  view.setInt16(4, nameBytes.length, true);
  view.setInt32(8, value === true ? 0 : 1, true);
  view.setInt32(12, type, true);
  pair.set(nameBytes, PAIR_HEADER_BYTES);
  pair.set(valueBytes, valueAt);
  return pair;
}

/** Read a natively packed little-endian nvlist. Throws an Error saying what is wrong. */
export function unpackNvlist(packed: Uint8Array): NvPairs {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 12) throw new Error(`packed nvlist is too short (${packed.length} bytes)`);
  if (packed[0] === ENCODE_XDR) throw new Error("XDR-encoded nvlists are not supported");
  if (packed[0] !== ENCODE_NATIVE) throw new Error(`unknown nvlist encoding ${packed[0]}`);
  if (packed[1] !== LITTLE_ENDIAN) throw new Error("big-endian nvlists are not supported");

  const pairs = new Map<string, NvValue>();
  let at = 12;
  for (;;) {
    if (at + 4 > packed.length) throw new Error("packed nvlist ends without its terminator");
    const size = view.getInt32(at, true);
    if (size === 0) return pairs;
    if (size < PAIR_HEADER_BYTES || at + size > packed.length) {
      throw new Error(`nvpair at byte ${at} has an impossible size ${size}`);
    }
    const [name, value] = readPair(packed.subarray(at, at + size));
    if (value !== undefined) pairs.set(name, value);
    at += size;
  }
}

/** One pair; value undefined for types a resume token does not use. */
function readPair(pair: Uint8Array): [string, NvValue | undefined] {
  const view = new DataView(pair.buffer, pair.byteOffset, pair.byteLength);
  const nameLength = view.getInt16(4, true);
  const type = view.getInt32(12, true);
  const valueAt = PAIR_HEADER_BYTES + align8(nameLength);
  if (nameLength < 1 || valueAt > pair.length) throw new Error("nvpair name runs past its pair");
  const name = cString(pair.subarray(PAIR_HEADER_BYTES, PAIR_HEADER_BYTES + nameLength));
  const fixedWidth = (bytes: number): void => {
    if (valueAt + bytes > pair.length) throw new Error(`nvpair ${name} is shorter than its value`);
  };
  switch (type) {
    case TYPE_BOOLEAN:
      return [name, true];
    case TYPE_BOOLEAN_VALUE:
      fixedWidth(4);
      return [name, view.getInt32(valueAt, true) !== 0];
    case TYPE_INT32:
      fixedWidth(4);
      return [name, BigInt(view.getInt32(valueAt, true))];
    case TYPE_UINT32:
      fixedWidth(4);
      return [name, BigInt(view.getUint32(valueAt, true))];
    case TYPE_INT64:
      fixedWidth(8);
      return [name, view.getBigInt64(valueAt, true)];
    case TYPE_UINT64:
      fixedWidth(8);
      return [name, view.getBigUint64(valueAt, true)];
    case TYPE_STRING:
      return [name, cString(pair.subarray(valueAt))];
    default:
      return [name, undefined];
  }
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  if (end < 0) throw new Error("nvpair string is not NUL-terminated");
  return Buffer.from(bytes.subarray(0, end)).toString("utf8");
}

function nulTerminated(text: string): Uint8Array {
  return Buffer.concat([Buffer.from(text, "utf8"), Uint8Array.of(0)]);
}

function uint64(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new RangeError(`${value} does not fit in a uint64`);
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

function int32s(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of values.entries()) view.setInt32(i * 4, value, true);
  return bytes;
}
