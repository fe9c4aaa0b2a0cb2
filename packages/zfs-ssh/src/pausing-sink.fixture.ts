import { Writable } from "node:stream";
import type { ByteSink } from "@zrelay/core";

/** A sink that stalls part way, so a test can break the connection mid-stream. */
export interface PausingSink {
  readonly sink: ByteSink;
  /** Resolves once `limit` bytes were passed on and the sink holds the next write. */
  readonly paused: Promise<void>;
  /** Ends `inner` (its reader sees the stream stop there) and swallows the rest. */
  release(): void;
}

/**
 * Passes the first `limit` bytes into `inner` with backpressure, then holds.
 * Not inheritable: the stream goes through Node, so the sender is stalled too.
 */
export function pausingSink(inner: ByteSink, limit: number): PausingSink {
  let passed = 0;
  let held: (() => void) | undefined;
  let released = false;
  let onPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => {
    onPaused = resolve;
  });
  const endInner = () => {
    if (!inner.writable.writableEnded && !inner.writable.destroyed) inner.writable.end();
  };
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (released) return callback();
      if (passed >= limit) {
        held = () => callback();
        return onPaused();
      }
      passed += chunk.length;
      inner.writable.write(chunk, () => callback());
    },
    final(callback) {
      endInner();
      callback();
    },
    destroy(error, callback) {
      endInner();
      callback(error);
    },
  });
  return {
    sink: { writable, inheritable: false },
    paused,
    release() {
      released = true;
      endInner();
      held?.();
    },
  };
}
