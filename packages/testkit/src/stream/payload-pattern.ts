import { PATTERN_BYTES, PAYLOAD_BLOCK_BYTES } from "./stream-format.js";

/*
 * The synthetic bulk data of a snapshot: a 64 KiB pseudo-random block seeded by
 * the snapshot guid, repeated. The 1 MiB block is that pattern 16 times, so
 * any window of payload starting at offset p is block[p mod 64 KiB …]: the
 * encoder yields views of it without copying, the decoder compares against it.
 * Blocks are never written after creation, so handing the same Buffer to many
 * consumers is safe.
 */

const cache = new Map<bigint, Buffer>();
const CACHE_LIMIT = 8;

/** The 1 MiB payload block of a snapshot guid (cached for the last few guids). */
export function payloadBlock(guid: bigint): Buffer {
  const cached = cache.get(guid);
  if (cached !== undefined) return cached;
  const block = Buffer.allocUnsafeSlow(PAYLOAD_BLOCK_BYTES);
  fillPattern(block.subarray(0, PATTERN_BYTES), guid);
  for (let offset = PATTERN_BYTES; offset < PAYLOAD_BLOCK_BYTES; offset += PATTERN_BYTES) {
    block.copy(block, offset, 0, PATTERN_BYTES);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as bigint);
  cache.set(guid, block);
  return block;
}

/** xorshift128 seeded from the guid's halves; little-endian words so every platform agrees. */
function fillPattern(target: Buffer, guid: bigint): void {
  let x = Number(guid & 0xffffffffn) ^ 0x9e3779b9;
  let y = Number((guid >> 32n) & 0xffffffffn) ^ 0x85ebca6b;
  let z = 0xc2b2ae35;
  let w = 0x27d4eb2f;
  for (let offset = 0; offset < target.length; offset += 4) {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    target.writeUInt32LE(w, offset);
  }
}
