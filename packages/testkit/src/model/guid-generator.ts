const MASK_64 = (1n << 64n) - 1n;

/**
 * Seeded 64-bit guid source (splitmix64). ZFS guids are random 64-bit numbers,
 * so most are above 2^53: exactly what a `number` would silently corrupt.
 * The state is one bigint, saved with the model so an emulator continues the sequence.
 */
export class GuidGenerator {
  #state: bigint;

  constructor(seed: bigint) {
    this.#state = seed & MASK_64;
  }

  get state(): bigint {
    return this.#state;
  }

  /** A fresh non-zero guid (ZFS treats 0 as "none"). */
  next(): bigint {
    for (;;) {
      this.#state = (this.#state + 0x9e3779b97f4a7c15n) & MASK_64;
      let z = this.#state;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
      z ^= z >> 31n;
      if (z !== 0n) return z;
    }
  }
}
