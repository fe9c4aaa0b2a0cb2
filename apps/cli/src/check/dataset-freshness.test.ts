import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DatasetRecord, JobState } from "../state/run-state-format.js";
import { assessDataset, bySeverity } from "./dataset-freshness.js";

const H = 3600;
const T0 = 1_800_000_000;
const job: JobState = {
  format: "zrelay-run-state",
  version: 1,
  job: "pull-storage",
  kind: "pull",
  config: null,
  sourceHost: "host-storage",
  targetHost: "localhost",
  lastRun: { startedAt: T0, finishedAt: T0, error: null },
  datasets: {},
};

// A dataset as some run left it: snapshot ages in hours before T0, a failed last run or not.
const records = fc
  .record({
    targetHours: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    sourceAhead: fc.integer({ min: 0, max: 100 }),
    failed: fc.boolean(),
  })
  .map(({ targetHours, sourceAhead, failed }): DatasetRecord => {
    const target =
      targetHours === undefined ? null : { name: "t", guid: "1", creation: T0 - targetHours * H };
    const sourceCreation = T0 - Math.max(0, (targetHours ?? 0) - sourceAhead) * H;
    return {
      source: "tank/data",
      target: "backup/tank/data",
      lastAttempt: T0,
      lastSuccess: null,
      result: failed ? "failed" : "up-to-date",
      error: failed ? { code: "CONNECTION_FAILED", message: "cannot connect", hint: null } : null,
      targetNewest: target,
      sourceNewest: {
        name: sourceAhead === 0 ? "t" : "s",
        guid: sourceAhead === 0 ? "1" : "2",
        creation: sourceCreation,
      },
      bytes: 0,
      durationMs: 0,
    };
  });
const thresholds = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }))
  .map(([warn, more, sourceWarn]) => ({
    warn: warn * H,
    crit: (warn + more) * H,
    sourceWarn: sourceWarn * H,
  }));

describe("assessDataset invariants", () => {
  it("time passing never makes a dataset look better", () => {
    fc.assert(
      fc.property(records, thresholds, fc.integer({ min: 0, max: 300 }), (record, limits, later) => {
        const before = assessDataset(job, record, limits, T0).severity;
        const after = assessDataset(job, record, limits, T0 + later * H).severity;
        expect(bySeverity(after, before)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("OK exactly when the target has a snapshot younger than warn, the source one younger than source-warn, and the last run did not fail", () => {
    fc.assert(
      fc.property(records, thresholds, (record, limits) => {
        const judged = assessDataset(job, record, limits, T0);
        const fresh =
          judged.ageSeconds !== null &&
          judged.ageSeconds < limits.warn &&
          (judged.sourceAgeSeconds ?? 0) < limits.sourceWarn &&
          record.result !== "failed";
        expect(judged.severity === "OK").toBe(fresh);
        expect(judged.problem === undefined).toBe(fresh);
      }),
    );
  });

  it("CRITICAL exactly when the target's newest snapshot is at least crit old", () => {
    fc.assert(
      fc.property(records, thresholds, (record, limits) => {
        const judged = assessDataset(job, record, limits, T0);
        expect(judged.severity === "CRITICAL").toBe(
          judged.ageSeconds !== null && judged.ageSeconds >= limits.crit,
        );
      }),
    );
  });
});
