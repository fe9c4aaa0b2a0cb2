import type { Writable } from "node:stream";

/** A local process started by `startWithInput`, known by the stdin pipe it exposes as a sink. */
export interface LocalReceiver {
  readonly pid: number | undefined;
  /** Its `rchar` when it was started: reads of its own (loader, config) not part of the stream. */
  readonly rcharAtStart: number;
  /** Settles when it has exited. */
  readonly ended: Promise<unknown>;
}

// Keyed by the stdin stream, so a sender handed that sink can find who reads it.
const receivers = new WeakMap<Writable, LocalReceiver>();

export function registerReceiver(stdin: Writable, receiver: LocalReceiver): void {
  receivers.set(stdin, receiver);
}

export function receiverOf(stdin: Writable): LocalReceiver | undefined {
  return receivers.get(stdin);
}
