import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ZfsEndpoint } from "@zrelay/core";
import { forwardEndpoint } from "@zrelay/core";

/**
 * `--bwlimit`: every stream received through the returned endpoint passes a
 * token bucket of `bytesPerSecond` before reaching `zfs receive`. The sink is
 * then no longer a plain pipe, so local sends stream through Node instead of
 * handing the pipe over: the price of pacing them.
 */
export function pacedEndpoint(endpoint: ZfsEndpoint, bytesPerSecond: number): ZfsEndpoint {
  return forwardEndpoint(endpoint, {
    receive(request) {
      const handle = endpoint.receive(request);
      const pacer = new PacedStream(bytesPerSecond);
      // A failed receive destroys the pacer, so the send sees its sink break.
      pipeline(pacer, handle.sink.writable).catch(() => undefined);
      return {
        sink: { writable: pacer, inheritable: false },
        done: handle.done,
        abort: (reason) => {
          pacer.destroy();
          handle.abort(reason);
        },
      };
    },
  });
}

/** Passes chunks on no faster than `bytesPerSecond` on average (one second of burst). */
class PacedStream extends Transform {
  readonly #bytesPerMs: number;
  #nextFreeAt = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(bytesPerSecond: number) {
    super();
    this.#bytesPerMs = bytesPerSecond / 1000;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const now = Date.now();
    this.#nextFreeAt = Math.max(this.#nextFreeAt, now - 1000) + chunk.length / this.#bytesPerMs;
    const wait = this.#nextFreeAt - now;
    if (wait <= 0) {
      callback(null, chunk);
      return;
    }
    this.#timer = setTimeout(() => callback(null, chunk), wait);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    callback(error);
  }
}
