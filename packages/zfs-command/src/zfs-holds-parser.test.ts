import { describe, expect, it } from "vitest";
import { parseHoldTags } from "./zfs-holds-parser.js";

describe("parseHoldTags", () => {
  it.each([
    ["no holds", "", []],
    ["one hold", "src/plain@a\tzrelay\tThu Jan  1 00:00 2026\n", ["zrelay"]],
    [
      "several holds on a name with spaces",
      "src/with space@x y\tzrelay\tThu Jan  1 00:00 2026\nsrc/with space@x y\tkeep me\tFri Jan  2 10:00 2026\n",
      ["zrelay", "keep me"],
    ],
  ])("reads %s", (_what, output, tags) => {
    expect(parseHoldTags(output)).toEqual(tags);
  });

  it("refuses a line without tag and date", () => {
    expect(() => parseHoldTags("src/plain@a\n")).toThrow(/separated by tabs/);
  });
});
