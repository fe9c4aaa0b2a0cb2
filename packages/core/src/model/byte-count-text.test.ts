import { describe, expect, it } from "vitest";
import { byteCountText } from "./byte-count-text.js";

describe("byteCountText", () => {
  it.each([
    [0, "0 bytes"],
    [812, "812 bytes"],
    [1536, "1.5 KiB"],
    [12 * 1024, "12 KiB"],
    [42 * 1024 * 1024, "42 MiB"],
    [3.1 * 1024 ** 3, "3.1 GiB"],
    [2 ** 60, "1024 PiB"],
  ])("%d → %s", (bytes, text) => {
    expect(byteCountText(bytes)).toBe(text);
  });
});
