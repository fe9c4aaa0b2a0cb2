import { describe, expect, it } from "vitest";
import { afterBytes, byteCountText } from "./byte-count-text.js";

describe("byteCountText", () => {
  it.each([
    [0, "0 bytes"],
    [812, "812 bytes"],
    [1536, "1.5 KiB"],
    [42 * 1024 * 1024, "42 MiB"],
    [3.1 * 1024 ** 3, "3.1 GiB"],
    [2 ** 60, "1024 PiB"],
  ])("%d → %s", (bytes, text) => {
    expect(byteCountText(bytes)).toBe(text);
  });
});

describe("afterBytes", () => {
  it("names the bytes moved, or nothing when none were", () => {
    expect(afterBytes(3.1 * 1024 ** 3)).toBe(" after 3.1 GiB");
    expect(afterBytes(0)).toBe("");
  });
});
