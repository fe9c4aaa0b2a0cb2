import { describe, expect, it } from "vitest";
import { afterBytes } from "./byte-count-text.js";

describe("afterBytes", () => {
  it("names the bytes moved, or nothing when none were", () => {
    expect(afterBytes(3.1 * 1024 ** 3)).toBe(" after 3.1 GiB");
    expect(afterBytes(0)).toBe("");
  });
});
