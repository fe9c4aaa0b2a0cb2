import { describe, expect, it } from "vitest";
import { nearestParents } from "./run-parents.js";

describe("nearestParents", () => {
  it.each([
    { targets: ["b/tank", "b/tank/data"], expected: [undefined, 0] },
    { targets: ["b/tank/data", "b/tank"], expected: [1, undefined] },
    { targets: ["b/tank", "b/tankx", "b/tank/x"], expected: [undefined, undefined, 0] },
    { targets: ["b/tank", "b/tank/a/b", "b/tank/a"], expected: [undefined, 2, 0] },
    { targets: ["b/tank", "b/tank/a/b"], expected: [undefined, 0] },
    { targets: ["b", "c/d"], expected: [undefined, undefined] },
  ])("$targets", ({ targets, expected }) => {
    expect(nearestParents(targets)).toEqual(expected);
  });
});
