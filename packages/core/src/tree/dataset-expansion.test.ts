import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { expandRoots } from "./dataset-expansion.js";

// What `zfs list -r tank` prints, parents first.
const TANK = [
  "tank",
  "tank/data",
  "tank/data/home",
  "tank/data2",
  "tank/my data",
  "tank/my data/sub dir",
  "tank/tmp",
  "tank/tmp/cache",
];

describe("expandRoots", () => {
  it.each([
    {
      title: "a root covers itself and its descendants, component-wise",
      roots: ["tank/data"],
      listed: TANK,
      excludes: [],
      datasets: ["tank/data", "tank/data/home"],
    },
    {
      title: "overlapping roots give each dataset once",
      roots: ["tank/data", "tank", "tank/data"],
      listed: [...TANK, ...TANK.slice(1, 3)],
      excludes: [],
      datasets: TANK,
    },
    {
      title: "an excluded dataset takes its subtree with it",
      roots: ["tank"],
      listed: TANK,
      excludes: ["tank/tmp"],
      datasets: TANK.slice(0, 6),
      excluded: ["tank/tmp", "tank/tmp/cache"],
    },
    {
      title: "names with spaces survive and can be excluded by glob",
      roots: ["tank/my data"],
      listed: TANK,
      excludes: ["tank/my data/sub ???"],
      datasets: ["tank/my data"],
      excluded: ["tank/my data/sub dir"],
    },
    {
      title: "globs see full names",
      roots: ["tank"],
      listed: TANK,
      excludes: ["*/home", "tank/data?"],
      datasets: ["tank", "tank/data", "tank/my data", "tank/my data/sub dir", "tank/tmp", "tank/tmp/cache"],
      excluded: ["tank/data/home", "tank/data2"],
    },
    {
      title: "a pool above the root matching an exclude excludes nothing",
      roots: ["backuppool/encryptedbackups/host-storage"],
      listed: ["backuppool/encryptedbackups/host-storage", "backuppool/encryptedbackups/host-storage/tank"],
      excludes: ["*backuppool"],
      datasets: ["backuppool/encryptedbackups/host-storage", "backuppool/encryptedbackups/host-storage/tank"],
      unmatchedExcludes: ["*backuppool"],
    },
    {
      title: "the root itself can be excluded",
      roots: ["tank/data"],
      listed: TANK,
      excludes: ["tank/data"],
      datasets: [],
      excluded: ["tank/data", "tank/data/home"],
    },
    {
      title: "parents come first even when a child root was listed first",
      roots: ["rpool/a", "tank/data", "tank"],
      listed: [
        "rpool/a",
        "rpool/a/b",
        "tank/data",
        "tank/data/home",
        "tank",
        "tank/data",
        "tank/data/home",
        "tank/x",
      ],
      excludes: [],
      datasets: ["rpool/a", "rpool/a/b", "tank", "tank/data", "tank/data/home", "tank/x"],
    },
  ])("$title", ({ roots, listed, excludes, datasets, excluded = [], unmatchedExcludes = [] }) => {
    expect(expandRoots(roots, listed, excludes)).toEqual({
      datasets,
      missing: [],
      excluded,
      unmatchedExcludes,
    });
  });

  it("reports roots that were not listed instead of dropping them", () => {
    const result = expandRoots(["tank/data", "tank/gone", "rpool/nope", "tank/gone"], TANK, ["tank/tpm"]);
    expect(result.missing).toEqual(["tank/gone", "rpool/nope"]);
    expect(result.datasets).toEqual(["tank/data", "tank/data/home"]);
    expect(result.unmatchedExcludes).toEqual(["tank/tpm"]);
  });

  it.each([["tank/data/"], ["tank; rm -rf /"], [""]])(
    "rejects the invalid root %j with INVALID_NAME",
    (root) => {
      expect(() => expandRoots([root], TANK)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_NAME, dataset: root }),
      );
    },
  );

  it("accepts any iterable listing", () => {
    expect(expandRoots(["tank/tmp"], new Set(TANK)).datasets).toEqual(["tank/tmp", "tank/tmp/cache"]);
  });
});
