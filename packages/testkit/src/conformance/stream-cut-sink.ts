import { Writable } from "node:stream";
import type { ByteSink } from "@zrelay/core";

/** What happens once the limit is reached. */
export type CutAction =
  /** End the receive's input, as a dropped connection would. */
  | { readonly kind: "end" }
  /** Call back (to abort the send) and let the adapter's reaction reach the receive. */
  | { readonly kind: "callback"; readonly onCut: () => void };

/**
 * Forwards the first `limit` bytes into `inner` (a receive's sink), then cuts:
 * later bytes are swallowed so the send side sees no error of ours. Works for
 * any adapter because it only sits between the two handles. The limit is never
 * reached when the stream is shorter; it is then passed on whole.
 */
export function streamCutSink(inner: ByteSink, limit: number, action: CutAction): ByteSink {
  const target = inner.writable;
  let forwarded = 0;
  let cut = false;
  const writable = new Writable({
    write(chunk: Uint8Array, _encoding, callback) {
      if (cut) return callback();
      const part = chunk.length <= limit - forwarded ? chunk : chunk.subarray(0, limit - forwarded);
      forwarded += part.length;
      if (forwarded < limit) {
        target.write(part, () => callback());
        return;
      }
      cut = true;
      if (action.kind === "end") target.end(part);
      else {
        if (part.length > 0) target.write(part);
        action.onCut();
      }
      callback();
    },
    final(callback) {
      // The whole stream fit under the limit, or the adapter ended us after an abort.
      if (!target.writableEnded) target.end();
      callback();
    },
    destroy(error, callback) {
      if (!target.writableEnded) target.destroy(error ?? undefined);
      callback(error);
    },
  });
  return { writable, inheritable: false };
}
