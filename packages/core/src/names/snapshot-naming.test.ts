import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  snapshotPrefixViolation,
  snapshotTimestamp,
  timedSnapshotName,
  timeOfSnapshotName,
} from "./snapshot-naming.js";
import { isValidZfsName } from "./zfs-name-parser.js";

describe("zrelay's snapshot names", () => {
  it("are the prefix and the UTC time in whole seconds, legal in ZFS", () => {
    const name = timedSnapshotName("zrelay_nightly", new Date("2026-12-03T02:30:00.789Z"));
    expect(name).toBe("zrelay_nightly_2026-12-03T02:30:00Z");
    expect(isValidZfsName(`tank/data@${name}`)).toBe(true);
    expect(timeOfSnapshotName(name, "zrelay_nightly")).toEqual(new Date("2026-12-03T02:30:00Z"));
  });

  it("read back no time from another prefix's names or from a name that only looks like one", () => {
    expect(timeOfSnapshotName("zrelay_nightly_2026-12-03T02:30:00Z", "zrelay_night")).toBeUndefined();
    expect(timeOfSnapshotName("zrelay_nightly_2026-13-03T02:30:00Z", "zrelay_nightly")).toBeUndefined();
    expect(timeOfSnapshotName("autosnap_2026-12-03_02:30:00_daily", "autosnap")).toBeUndefined();
  });

  it("sort as text in time order", () => {
    const times = fc.integer({ min: 0, max: 253402300799000 }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(times, times, (a, b) => {
        const [x, y] = [timedSnapshotName("p", a), timedSnapshotName("p", b)];
        const bySeconds = Math.sign(Math.floor(a.getTime() / 1000) - Math.floor(b.getTime() / 1000));
        expect(x < y ? -1 : x > y ? 1 : 0).toBe(bySeconds);
      }),
    );
    expect(snapshotTimestamp(new Date(0))).toBe("1970-01-01T00:00:00Z");
  });

  it.each([
    ["", "is empty"],
    [
      "with space",
      'may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit',
    ],
    ["-dash", 'may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit'],
    ["a@b", 'may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit'],
    ["x".repeat(101), "is longer than 100 characters"],
  ])("refuse the prefix %j", (prefix, violation) => {
    expect(snapshotPrefixViolation(prefix)).toBe(violation);
  });
});
