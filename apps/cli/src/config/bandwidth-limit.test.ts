import { ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { parseBandwidthLimit, readByteRate } from "./bandwidth-limit.js";

describe("readByteRate", () => {
  it.each([
    ["50M", 52_428_800],
    ["1.5G", 1_610_612_736],
    ["512k", 524_288],
    ["50MiB", 52_428_800],
    ["50MB/s", 52_428_800],
    ["2T", 2_199_023_255_552],
    ["1048576", 1_048_576],
    ["100B", 100],
    [" 10 M ", 10_485_760],
    ["0.5K", 512],
    ["unlimited", null],
    ["Unlimited", null],
  ])("%j is %j bytes per second", (text, bytes) => {
    expect(readByteRate(text)).toBe(bytes);
  });

  it.each(["", "50X", "M", "-5M", "0", "0.1", "1e9", "50 M M", "5.M.", "fast"])(
    "%j is not a rate",
    (text) => {
      expect(readByteRate(text)).toBeUndefined();
    },
  );
});

describe("parseBandwidthLimit", () => {
  it("gives undefined for unlimited, bytes otherwise", () => {
    expect(parseBandwidthLimit("unlimited")).toBeUndefined();
    expect(parseBandwidthLimit("1.5G")).toBe(1_610_612_736);
  });

  it("names the option and the allowed forms", () => {
    expect(() => parseBandwidthLimit("50X")).toThrow(
      expect.objectContaining({
        code: ErrorCode.USAGE,
        message: "--bwlimit '50X' is not a rate",
        hint: "Write bytes per second as a number with an optional K, M, G or T suffix (1024-based, like zfs and rsync), e.g. 50M or 1.5G, or 'unlimited'.",
      }),
    );
  });
});
