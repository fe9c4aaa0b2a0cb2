import { describe, expect, it } from "vitest";
import { ancestorsOf, depthOf, isDescendantOf, parentOf, poolOf } from "./dataset-hierarchy.js";

describe("dataset hierarchy", () => {
  it.each([
    ["tank", "tank", undefined, [], 0],
    ["tank/data", "tank", "tank", ["tank"], 1],
    ["tank/my data/home dir", "tank", "tank/my data", ["tank", "tank/my data"], 2],
    [
      "backuppool/encryptedbackups/host-storage/tank/data",
      "backuppool",
      "backuppool/encryptedbackups/host-storage/tank",
      [
        "backuppool",
        "backuppool/encryptedbackups",
        "backuppool/encryptedbackups/host-storage",
        "backuppool/encryptedbackups/host-storage/tank",
      ],
      4,
    ],
  ])("%j", (dataset, pool, parent, ancestors, depth) => {
    expect(poolOf(dataset)).toBe(pool);
    expect(parentOf(dataset)).toBe(parent);
    expect(ancestorsOf(dataset)).toEqual(ancestors);
    expect(depthOf(dataset)).toBe(depth);
  });

  it("finds the pool of snapshots and bookmarks", () => {
    expect(poolOf("tank@daily")).toBe("tank");
    expect(poolOf("tank#mark")).toBe("tank");
    expect(poolOf("my pool/a@b")).toBe("my pool");
  });

  it.each([
    ["tank/data", "tank", true],
    ["tank/data/x", "tank", true],
    ["tank/data/x", "tank/data", true],
    ["tank/my data/x", "tank/my data", true],
    ["tank/data", "tank/data", false],
    ["tank/data2", "tank/data", false],
    ["tank/data2/x", "tank/data", false],
    ["tank", "tank/data", false],
    ["tankx/data", "tank", false],
    ["rpool/data", "tank", false],
  ])("isDescendantOf(%j, %j) is %s", (child, ancestor, expected) => {
    expect(isDescendantOf(child, ancestor)).toBe(expected);
  });
});
