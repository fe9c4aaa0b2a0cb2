import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TransferRecord } from "../model/transfer-record.js";
import { StreamDecoder } from "./stream-decoder.js";
import { encodedStreamLength, encodeStream } from "./stream-encoder.js";
import { StreamFormatError, type StreamProblem } from "./stream-format-error.js";

const record = (overrides: Partial<TransferRecord> = {}): TransferRecord => ({
  sourceDataset: "tank/data",
  snapshotName: "daily-1",
  guid: 18_446_744_073_709_551_557n,
  createtxg: 120n,
  creation: 1_767_225_600,
  type: "filesystem",
  fromGuid: undefined,
  fromBookmark: false,
  raw: false,
  encryption: undefined,
  files: { "a.txt": Buffer.from("hello").toString("base64") },
  payloadBytes: 200_000,
  resuming: false,
  resumeOffset: 0,
  ...overrides,
});

const concat = (records: readonly TransferRecord[]) => Buffer.concat([...encodeStream(records)]);

/** Decodes `bytes` fed in the given pieces; returns what the decoder reported. */
function decode(bytes: Buffer, cuts: readonly number[] = []) {
  const begun: TransferRecord[] = [];
  const ended: TransferRecord[] = [];
  let summary: { records: number; bytes: number } | undefined;
  const decoder = new StreamDecoder({
    onRecordBegin: (r) => begun.push(r),
    onRecordEnd: (r) => ended.push(r),
    onStreamEnd: (s) => {
      summary = s;
    },
  });
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    decoder.write(bytes.subarray(from, cut));
    from = cut;
  }
  decoder.write(bytes.subarray(from));
  decoder.end();
  return { begun, ended, summary, decoder };
}

function problemOf(action: () => unknown): StreamProblem {
  try {
    action();
  } catch (error) {
    if (error instanceof StreamFormatError) return error.problem;
    throw error;
  }
  throw new Error("expected a StreamFormatError");
}

const arbitraryRecord = fc.record({
  snapshotName: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  guid: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  fromGuid: fc.option(fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), { nil: undefined }),
  payloadBytes: fc.integer({ min: 0, max: 300_000 }),
  files: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.uint8Array({ maxLength: 40 })),
});

describe("fake stream codec", () => {
  it("decodes what it encodes, whatever the chunk boundaries", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryRecord, { minLength: 0, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (specs, rawCuts) => {
          const records = specs.map((spec) =>
            record({
              ...spec,
              files: Object.fromEntries(
                Object.entries(spec.files).map(([p, c]) => [p, Buffer.from(c).toString("base64")]),
              ),
            }),
          );
          const bytes = concat(records);
          const cuts = rawCuts.map((cut) => cut % (bytes.length + 1));
          const { begun, ended, summary } = decode(bytes, cuts);
          expect(begun).toEqual(records);
          expect(ended).toEqual(records);
          expect(summary).toEqual({ records: records.length, bytes: bytes.length });
          expect(encodedStreamLength(records)).toBe(bytes.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("continues a resumed snapshot's payload from its offset", () => {
    const resumed = record({ resuming: true, resumeOffset: 70_001 });
    const { decoder, ended } = decode(concat([resumed]), [5, 70, 40_000]);
    expect(ended).toEqual([resumed]);
    expect(decoder.payloadPosition).toBe(resumed.payloadBytes);
    expect(concat([record()]).length - concat([resumed]).length).toBeGreaterThan(69_900);
  });

  it.each([
    ["a payload byte changed", (b: Buffer) => b.fill(0x55, b.length - 1000, b.length - 999), "checksum"],
    ["the end marker missing", (b: Buffer) => b.subarray(0, b.length - 16), "truncated"],
    ["cut inside the payload", (b: Buffer) => b.subarray(0, 5000), "truncated"],
    ["another magic", (b: Buffer) => Buffer.concat([Buffer.from("NOTZFAKE"), b.subarray(8)]), "bad-magic"],
    ["a wrong record count", (b: Buffer) => b.fill(9, b.length - 12, b.length - 11), "malformed"],
    ["bytes after the end", (b: Buffer) => Buffer.concat([b, Buffer.from([0])]), "malformed"],
  ])("reports %s", (_name, damage, problem) => {
    const bytes = damage(Buffer.from(concat([record()])));
    expect(problemOf(() => decode(bytes, [3, 4096]))).toBe(problem);
  });

  it("yields payload as views of one shared block", () => {
    const chunks = [...encodeStream([record({ payloadBytes: 5 * 1024 * 1024 })])];
    const full = chunks.filter((chunk) => chunk.length === 1024 * 1024);
    expect(full.length).toBe(5);
    expect(new Set(full.map((chunk) => chunk.buffer)).size).toBe(1);
  });
});
