import { matchesGlob, timedSnapshotName } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { ownSnapshotPattern } from "./own-snapshot-names.js";

const TIME = new Date("2026-12-03T02:30:00Z");

describe("the snapshots retention governs unless match: says otherwise", () => {
  it.each([
    ["the default prefix", { name: "nightly" }, "zrelay_nightly", true],
    [
      "a job's own snapshot: prefix",
      { name: "nightly", snapshot: { prefix: "tank-hourly" } },
      "tank-hourly",
      true,
    ],
    [
      "not the default prefix when the job names its own",
      { name: "nightly", snapshot: { prefix: "x" } },
      "zrelay_nightly",
      false,
    ],
    ["not another job whose name starts alike", { name: "a" }, "zrelay_a_b", false],
  ])("%s", (_what, job, prefix, governed) => {
    expect(matchesGlob(timedSnapshotName(prefix, TIME), ownSnapshotPattern(job))).toBe(governed);
  });
});
