/**
 * First word of OpenZFS's fletcher-4 checksum (`fletcher_4_native_varsize`), which is
 * what a resume token's header carries: the sum of the data read as little-endian
 * uint32 words, modulo 2^64. Trailing bytes that do not fill a word are ignored, as
 * OpenZFS ignores them.
 */
export function fletcher4FirstWord(data: Uint8Array): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0n;
  for (let at = 0; at + 4 <= data.length; at += 4) sum += BigInt(view.getUint32(at, true));
  return BigInt.asUintN(64, sum);
}
