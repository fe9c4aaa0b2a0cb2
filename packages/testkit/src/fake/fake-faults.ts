/** Faults the fake endpoint can inject, to test how a transfer fails. */
export interface FakeFaults {
  /** The send writes exactly this many bytes, closes its output and fails (as if `zfs send` died). */
  readonly sendFailsAfterBytes?: number;
  /** The receive takes exactly this many bytes, then fails as if its stream had been cut there. */
  readonly receiveFailsAfterBytes?: number;
  /** The receive waits this long after each chunk: a slow reader, so backpressure shows. */
  readonly receiveDelayMsPerChunk?: number;
}

/** Faults for every call, plus one-shot faults for the next send and the next receive. */
export class FaultPlan {
  readonly #always: FakeFaults;
  #nextSend: FakeFaults = {};
  #nextReceive: FakeFaults = {};

  constructor(always: FakeFaults = {}) {
    this.#always = Object.freeze({ ...always });
  }

  /** Send faults apply to the next send, receive faults to the next receive; each is used once. */
  next(faults: FakeFaults): void {
    const { sendFailsAfterBytes, ...receive } = faults;
    if (sendFailsAfterBytes !== undefined) this.#nextSend = { sendFailsAfterBytes };
    if (Object.keys(receive).length > 0) this.#nextReceive = { ...this.#nextReceive, ...receive };
  }

  takeForSend(): FakeFaults {
    const faults = { ...this.#always, ...this.#nextSend };
    this.#nextSend = {};
    return faults;
  }

  takeForReceive(): FakeFaults {
    const faults = { ...this.#always, ...this.#nextReceive };
    this.#nextReceive = {};
    return faults;
  }
}
