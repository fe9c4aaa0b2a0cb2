import { describe, expect, it } from "vitest";
import { formatTable, niceBytes, niceNumber, zfsDate } from "./zfs-format.js";

describe("zfs number and date formats", () => {
  it.each([
    [0, "0"],
    [1000, "1000"],
    [24_576, "24K"],
    [319_488, "312K"],
    [48_240, "47.1K"],
    [3_855_261_696, "3.59G"],
    [1024 ** 4, "1T"],
  ])("niceNumber(%d) is %s", (value, text) => {
    expect(niceNumber(value)).toBe(text);
  });

  it("niceBytes ends plain byte counts in B", () => {
    expect(niceBytes(312)).toBe("312B");
    expect(niceBytes(3_460_000)).toBe("3.30M");
  });

  it("prints dates as creation and holds do", () => {
    const seconds = new Date(2026, 10, 6, 9, 4).getTime() / 1000;
    expect(zfsDate(seconds, "%k")).toBe("Fri Nov  6  9:04 2026");
    expect(zfsDate(seconds, "%H")).toBe("Fri Nov  6 09:04 2026");
  });

  it("prints tables tab-separated with -H, else aligned under a header", () => {
    const rows = [
      ["tank", "24K"],
      ["tank/data", "312K"],
    ];
    expect(formatTable(["name", "used"], rows, true)).toBe("tank\t24K\ntank/data\t312K\n");
    expect(formatTable(["name", "used"], rows, false, (c) => c === "used")).toBe(
      "NAME       USED\ntank        24K\ntank/data  312K\n",
    );
  });
});
