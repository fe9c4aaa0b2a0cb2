import { Writable } from "node:stream";

/** A Writable that keeps what it is given, for short streams in tests. */
export function textSink(): { writable: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { writable, text: () => Buffer.concat(chunks).toString() };
}
