import type { Writable } from "node:stream";

/** A local process started by `startWithInput`, known by the stdin pipe it exposes as a sink. */
export interface LocalReceiver {
  /**
   * What it has read since it started (`rchar`), sampled last as it exits: the
   * stream plus a few KiB of reads of its own (loader, config files).
   */
  bytesRead(): number;
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
