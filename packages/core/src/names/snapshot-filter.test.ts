import { describe, expect, it } from "vitest";
import type { Snapshot } from "../model/snapshot.js";
import { matchesAnyGlob, matchesGlob } from "./name-glob.js";
import { isSnapshotSelected, selectSnapshots } from "./snapshot-filter.js";

describe("matchesGlob", () => {
  it.each([
    ["daily-2026-01-03", "daily-*", true],
    ["daily-2026-01-03", "*", true],
    ["", "*", true],
    ["", "", true],
    ["a", "", false],
    ["daily", "daily-*", false],
    ["daily-", "daily-*", true],
    ["hourly-1", "daily-*", false],
    ["zrelay_1", "zrelay_?", true],
    ["zrelay_12", "zrelay_?", false],
    ["zrelay_", "zrelay_?", false],
    ["a-b-c", "*-*-*", true],
    ["a-b", "*-*-*", false],
    ["abcabd", "*abd", true],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*c", false],
    ["my snap 1", "my snap ?", true],
    ["tank/data/cache", "*/cache", true],
    ["tank/cache2", "*/cache", false],
    ["[ab]", "[ab]", true],
    ["a", "[ab]", false],
    ["a.b", "a?b", true],
    ["axb", "a.b", false],
    ["weekly", "WEEKLY", false],
    ["\u{1F600}x", "?x", true],
  ])("%j against %j is %s", (name, pattern, expected) => {
    expect(matchesGlob(name, pattern)).toBe(expected);
  });

  it("matchesAnyGlob needs one match", () => {
    expect(matchesAnyGlob("weekly-1", ["daily-*", "weekly-*"])).toBe(true);
    expect(matchesAnyGlob("weekly-1", [])).toBe(false);
  });
});

describe("selectSnapshots", () => {
  const names = ["daily-1", "daily-2", "hourly-1", "weekly-1", "zrelay_1", "daily-tmp"];

  it.each([
    [{}, names],
    [{ include: [], exclude: [] }, names],
    [{ include: ["daily-*"] }, ["daily-1", "daily-2", "daily-tmp"]],
    [{ include: ["daily-*", "weekly-*"] }, ["daily-1", "daily-2", "weekly-1", "daily-tmp"]],
    [{ exclude: ["hourly-*"] }, ["daily-1", "daily-2", "weekly-1", "zrelay_1", "daily-tmp"]],
    [{ include: ["daily-*"], exclude: ["*-tmp"] }, ["daily-1", "daily-2"]],
    [{ include: ["daily-*"], exclude: ["daily-*"] }, []],
    [{ include: ["nothing"] }, []],
  ])("%j", (filter, expected) => {
    expect(selectSnapshots(names, filter)).toEqual(expected);
  });

  it("filters snapshots by short name and keeps them whole, in order", () => {
    const snapshot = (name: string, guid: bigint): Snapshot => ({
      kind: "snapshot",
      dataset: "tank/my data",
      name,
      guid,
      createtxg: guid,
      creation: 0,
    });
    const points = [snapshot("daily-1", 2n ** 60n), snapshot("hourly-1", 2n), snapshot("daily 2", 3n)];
    expect(selectSnapshots(points, { include: ["daily*"] }).map((point) => point.guid)).toEqual([
      2n ** 60n,
      3n,
    ]);
    expect(isSnapshotSelected("daily 2", { include: ["daily ?"] })).toBe(true);
  });
});
