import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Snapshot } from "../model/snapshot.js";
import { calendarZone } from "./calendar-zone.js";
import { type PruneInput, planPrune } from "./prune-planner.js";
import { KEEP_COUNTS, type KeepCounts } from "./retention-rules.js";

// Random datasets: snapshots at random gaps (minutes to weeks), some governed, some
// held, some protected, rules with random counts, in a few time zones. Whatever
// planPrune answers must be safe and stable.

const DAY = 86_400;
const START = 1_790_000_000; // 2026-09-21

const snapshotSpec = fc.record({
  gap: fc.oneof(fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 3600, max: 40 * DAY })),
  governed: fc.boolean(),
  holds: fc.constantFrom(0, 0, 0, 0, 1, 2),
  protect: fc.constantFrom(false, false, false, false, true),
});

const keepCounts = fc
  .record(
    Object.fromEntries(KEEP_COUNTS.map((count) => [count, fc.constantFrom(0, 0, 1, 2, 3, 7)])) as {
      [K in (typeof KEEP_COUNTS)[number]]: fc.Arbitrary<number>;
    },
  )
  .filter((keep) => Object.values(keep).some((value) => value > 0)) as fc.Arbitrary<KeepCounts>;

const world = fc
  .record({
    specs: fc.array(snapshotSpec, { maxLength: 40 }),
    keep: keepCounts,
    timeZone: fc.constantFrom(
      "UTC",
      "Europe/Berlin",
      "America/New_York",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
    ),
    nowAfter: fc.integer({ min: -10 * DAY, max: 400 * DAY }),
  })
  .map(({ specs, keep, timeZone, nowAfter }): PruneInput => {
    let creation = START;
    const snapshots: Snapshot[] = specs.map((spec, index) => {
      creation += spec.gap;
      return {
        kind: "snapshot",
        dataset: "pool/data",
        name: `${spec.governed ? "zrelay_j_" : "other_"}${index}`,
        guid: BigInt(1000 + index),
        createtxg: BigInt(index + 1),
        creation,
        userrefs: spec.holds,
      };
    });
    return {
      snapshots: [...snapshots].reverse(),
      rules: { match: ["zrelay_j_*"], keep },
      now: creation + nowAfter,
      zone: calendarZone(timeZone),
      protections: snapshots
        .filter((_, index) => specs[index]?.protect)
        .map((s) => ({ guid: s.guid, reason: "protected" })),
    };
  });

const names = (decisions: readonly { snapshot: Snapshot }[]) => decisions.map((d) => d.snapshot.name);

describe("planPrune invariants", () => {
  it("every snapshot is decided exactly once, with a reason", () => {
    fc.assert(
      fc.property(world, (input) => {
        const plan = planPrune(input);
        const decided = [...names(plan.keep), ...names(plan.destroy)].sort();
        expect(decided).toEqual(input.snapshots.map((s) => s.name).sort());
        for (const d of [...plan.keep, ...plan.destroy]) expect(d.reason).not.toBe("");
      }),
    );
  });

  it("never destroys a protected, held, ungoverned, future or newest snapshot", () => {
    fc.assert(
      fc.property(world, (input) => {
        const protectedGuids = new Set(input.protections.map((p) => p.guid));
        const newest = input.snapshots.reduce<Snapshot | undefined>(
          (a, b) => (a === undefined || b.createtxg > a.createtxg ? b : a),
          undefined,
        );
        for (const { snapshot } of planPrune(input).destroy) {
          expect(protectedGuids.has(snapshot.guid)).toBe(false);
          expect(snapshot.userrefs).toBe(0);
          expect(snapshot.name.startsWith("zrelay_j_")).toBe(true);
          expect(snapshot.creation).toBeLessThanOrEqual(input.now);
          expect(snapshot).not.toBe(newest);
        }
      }),
    );
  });

  it("never leaves a dataset that had snapshots, or governed snapshots, without one", () => {
    fc.assert(
      fc.property(world, (input) => {
        const plan = planPrune(input);
        if (input.snapshots.length > 0) expect(plan.keep.length).toBeGreaterThan(0);
        const governed = (list: readonly Snapshot[]) => list.filter((s) => s.name.startsWith("zrelay_j_"));
        if (governed(input.snapshots).length > 0)
          expect(governed(plan.keep.map((d) => d.snapshot)).length).toBeGreaterThan(0);
      }),
    );
  });

  it("is idempotent: pruning what it keeps destroys nothing more", () => {
    fc.assert(
      fc.property(world, (input) => {
        const first = planPrune(input);
        const again = planPrune({ ...input, snapshots: first.keep.map((d) => d.snapshot) });
        expect(names(again.destroy)).toEqual([]);
        expect(names(again.keep)).toEqual(names(first.keep));
      }),
    );
  });

  it("is deterministic for a given now, whatever order the snapshots come in", () => {
    fc.assert(
      fc.property(world, fc.integer(), (input, seed) => {
        const shuffled = [...input.snapshots].sort((a, b) =>
          Number(((a.guid * BigInt(seed | 1)) % 97n) - ((b.guid * BigInt(seed | 1)) % 97n)),
        );
        const first = planPrune(input);
        const second = planPrune({ ...input, snapshots: shuffled });
        expect(second).toEqual(first);
      }),
    );
  });
});
