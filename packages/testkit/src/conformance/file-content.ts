/**
 * Deterministic, incompressible bytes for `seed`: a compressed (`-c`) stream
 * still carries them in full, so a stream's middle lies inside file data.
 */
export function fileContent(seed: string, size = 4096): Uint8Array {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619) >>> 0;
  state ||= 1; // xorshift32 below would stay at zero forever
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}
