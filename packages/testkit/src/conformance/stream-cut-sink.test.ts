import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { streamCutSink } from "./stream-cut-sink.js";

function collector() {
  const chunks: Buffer[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink: { writable, inheritable: false }, bytes: () => Buffer.concat(chunks) };
}

const stream = Buffer.from(Array.from({ length: 100 }, (_, i) => i));

async function writeInChunks(writable: Writable, size: number): Promise<void> {
  for (let offset = 0; offset < stream.length; offset += size)
    writable.write(stream.subarray(offset, offset + size));
  writable.end();
  await finished(writable);
}

describe("streamCutSink", () => {
  it.each([1, 7, 40, 100])(
    "forwards exactly the first 40 bytes, then ends the receive's input (chunks of %i)",
    async (size) => {
      const inner = collector();
      const cut = streamCutSink(inner.sink, 40, { kind: "end" });
      await writeInChunks(cut.writable, size);
      await finished(inner.sink.writable);
      expect(inner.bytes()).toEqual(stream.subarray(0, 40));
    },
  );

  it("passes a stream shorter than the limit on whole", async () => {
    const inner = collector();
    await writeInChunks(streamCutSink(inner.sink, 1000, { kind: "end" }).writable, 30);
    await finished(inner.sink.writable);
    expect(inner.bytes()).toEqual(stream);
  });

  it("calls back once at the limit without ending the receive's input", async () => {
    const inner = collector();
    let cuts = 0;
    const cut = streamCutSink(inner.sink, 40, { kind: "callback", onCut: () => cuts++ });
    for (let offset = 0; offset < stream.length; offset += 30)
      cut.writable.write(stream.subarray(offset, offset + 30));
    await new Promise((resolve) => cut.writable.write(Buffer.alloc(0), resolve));
    expect(cuts).toBe(1);
    expect(inner.bytes()).toEqual(stream.subarray(0, 40));
    expect(inner.sink.writable.writableEnded).toBe(false);
  });
});
