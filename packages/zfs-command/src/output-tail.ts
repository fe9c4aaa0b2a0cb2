/** How much of stderr (or stdout) runners keep by default: enough for any zfs error. */
export const DEFAULT_TAIL_BYTES = 8 * 1024;

/**
 * Keeps only the last `limit` bytes written to it, so a command that prints
 * without end cannot grow memory. Runners feed stderr chunks into it.
 */
export class OutputTail {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #length = 0;

  constructor(limit: number = DEFAULT_TAIL_BYTES) {
    if (!Number.isInteger(limit) || limit <= 0)
      throw new RangeError(`tail limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (bytes.length === 0) return;
    this.#chunks.push(bytes);
    this.#length += bytes.length;
    // Compact only once twice the limit is held, so each byte is copied at most once.
    if (this.#length > 2 * this.#limit) this.#compact();
  }

  /** The kept bytes as text. A character cut at the start of the tail is dropped. */
  text(): string {
    this.#compact();
    return (this.#chunks[0]?.toString("utf8") ?? "").replace(/^\uFFFD+/, "");
  }

  #compact(): void {
    if (this.#chunks.length === 0) return;
    const all = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    const kept = all.length > this.#limit ? Buffer.from(all.subarray(all.length - this.#limit)) : all;
    this.#chunks = [kept];
    this.#length = kept.length;
  }
}
