import { describe, expect, it } from "vitest";
import { parseSendSize } from "./send-size-parser.js";

describe("parseSendSize", () => {
  it.each([
    ["a full stream", "full\tsrc/plain@a\t2158376\nsize\t2158376\n", 2158376],
    [
      "an -I stream (one line per snapshot, then the total)",
      "incremental\tsrc/plain@a\tsrc/plain@b\t10000\nincremental\tsrc/plain@b\tsrc/plain@c\t20000\nsize\t30000\n",
      30000,
    ],
    [
      "a resume (token contents first)",
      "resume token contents:\nnvlist version: 0\n\tobject = 0x2\n\toffset = 0x1000\n\tbytes = 0x2000\nincremental\tsrc/plain@a\tsrc/plain@b\t4096\nsize\t4096\n",
      4096,
    ],
    ["per-stream lines without a total", "full\tsrc/plain@a\t100\n", 100],
    ["nothing parsable", "would send something\n", undefined],
    ["empty output", "", undefined],
  ])("reads %s", (_what, output, size) => {
    expect(parseSendSize(output)).toBe(size);
  });
});
