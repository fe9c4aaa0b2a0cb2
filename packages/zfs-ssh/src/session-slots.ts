/**
 * Exec channels open at once on one connection. sshd limits them
 * (`MaxSessions`, 10 by default) and refuses one more; the limit is not
 * announced, so it is learnt from the first refusal and later opens wait in
 * line for a channel to close instead of failing.
 */
export class SessionSlots {
  #open = 0;
  #limit = Number.POSITIVE_INFINITY;
  readonly #waiting: (() => void)[] = [];

  /** Resolves when a channel may be opened; the slot is held until `release()`. */
  acquire(): Promise<void> {
    if (this.#open < this.#limit) {
      this.#open++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** A channel closed: its slot goes to the next in line, or becomes free. */
  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#open--;
  }

  /**
   * The server refused a channel while this holder had a slot. The slot is
   * given up and the limit lowered to the channels still open. False when
   * none is open: no close will come to make room, so waiting cannot help.
   */
  refused(): boolean {
    this.#open--;
    if (this.#open === 0) return false;
    this.#limit = this.#open;
    return true;
  }

  /** Channels open now (for tests and diagnostics). */
  get open(): number {
    return this.#open;
  }
}
