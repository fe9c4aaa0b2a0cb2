import { Writable } from "node:stream";
import type { ByteSink } from "@zrelay/core";

/** A sink that only counts: used to learn a stream's length before cutting it. */
export interface CountingSink extends ByteSink {
  bytes(): number;
}

export function countingSink(): CountingSink {
  let bytes = 0;
  const writable = new Writable({
    write(chunk: Uint8Array, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  return { writable, inheritable: false, bytes: () => bytes };
}
