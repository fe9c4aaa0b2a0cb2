import { ErrorCode, executeRun, type RunDataset, silentTicker, ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import {
  callingAfterBytes,
  createWorld,
  eventLog,
  fullPlan,
  snapshotSeries,
  snapshotsOf,
  within,
} from "./executor-world.js";

type World = ReturnType<typeof createWorld>;

/** Full plans for each `source → target` pair, in the given order. */
async function plans(world: World, pairs: readonly (readonly [string, string])[]): Promise<RunDataset[]> {
  return Promise.all(pairs.map(([source, target]) => fullPlan(world, source, target)));
}

/** A target dataset that already exists makes a full receive into it fail (DATASET_EXISTS). */
function occupy(world: World, target: string) {
  world.targetZfs.createDataset(target, { parents: true });
  world.targetZfs.snapshot(`${target}@occupied`);
}

const outcomes = (report: Awaited<ReturnType<typeof executeRun>>) =>
  report.datasets.map((d) => [d.target, d.outcome, d.outcome === "skipped" ? d.reason : undefined]);

describe("executeRun with the fake ZFS", () => {
  it("keeps going after one dataset fails, and reports each outcome and the totals", async () => {
    const world = createWorld();
    for (const name of ["a", "b", "c"]) snapshotSeries(world.sourceZfs, `tank/${name}`, ["s1", "s2"]);
    occupy(world, "backup/b");
    const input = await plans(world, [
      ["tank/a", "backup/a"],
      ["tank/b", "backup/b"],
      ["tank/c", "backup/c"],
    ]);

    const report = await within(executeRun(input, { source: world.source, target: world.target }));

    expect(outcomes(report)).toEqual([
      ["backup/a", "replicated", undefined],
      ["backup/b", "failed", undefined],
      ["backup/c", "replicated", undefined],
    ]);
    const failed = report.datasets[1];
    expect(failed?.outcome === "failed" && failed.error.message).toContain("backup/b");
    expect((await snapshotsOf(world.target, "backup/c")).map((s) => s.name)).toEqual(["s1", "s2"]);
    expect(report.totals).toMatchObject({ datasets: 3, replicated: 2, failed: 1, skipped: 0, snapshots: 4 });
    expect(report.totals.bytes).toBeGreaterThan(0);
    expect(report.cancelled).toBe(false);
  });

  it("skips every dataset below a failed parent, so no empty parent is created in its place", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank", ["s1"]);
    snapshotSeries(world.sourceZfs, "tank/child", ["s1"]);
    snapshotSeries(world.sourceZfs, "tank/child/grandchild", ["s1"]);
    snapshotSeries(world.sourceZfs, "tank/childx", ["s1"]);
    const input = await plans(world, [
      ["tank", "backup/tank"],
      ["tank/child", "backup/tank/child"],
      ["tank/child/grandchild", "backup/tank/child/grandchild"],
      ["tank/childx", "backup/tankx/childx"],
    ]);
    world.target.injectFaults({ receiveFailsAfterBytes: 100 });
    const log = eventLog();

    const report = await within(
      executeRun(input, { source: world.source, target: world.target, onEvent: log.onEvent }),
    );

    expect(outcomes(report)).toEqual([
      ["backup/tank", "failed", undefined],
      ["backup/tank/child", "skipped", "parent backup/tank failed"],
      ["backup/tank/child/grandchild", "skipped", "parent backup/tank failed"],
      ["backup/tankx/childx", "replicated", undefined],
    ]);
    expect(world.targetZfs.exists("backup/tank")).toBe(false);
    expect(log.lines()).toContain("dataset-skipped backup/tank/child");
  });

  it("with concurrency never starts a child before its parent finished, but runs unrelated datasets at once", async () => {
    const world = createWorld();
    const sources = ["tank/p", "tank/p/c1", "tank/p/c2", "tank/p/c2/g", "tank/q"];
    for (const source of sources) snapshotSeries(world.sourceZfs, source, ["s1", "s2"]);
    // Children first in the input: order alone must not decide.
    const input = await plans(
      world,
      ["tank/p/c2/g", "tank/p/c1", "tank/p/c2", "tank/p", "tank/q"].map(
        (s) => [s, s.replace("tank", "backup")] as const,
      ),
    );
    const log = eventLog();

    const report = await within(
      executeRun(input, {
        source: world.source,
        target: world.target,
        concurrency: 4,
        onEvent: log.onEvent,
        progressTicker: silentTicker,
      }),
    );

    expect(report.totals.replicated).toBe(5);
    const lines = log.lines();
    const at = (line: string) => {
      const index = lines.indexOf(line);
      if (index === -1) throw new Error(`no "${line}" in:\n${lines.join("\n")}`);
      return index;
    };
    for (const [child, parent] of [
      ["backup/p/c1", "backup/p"],
      ["backup/p/c2", "backup/p"],
      ["backup/p/c2/g", "backup/p/c2"],
    ]) {
      expect(at(`dataset-start ${child}`)).toBeGreaterThan(at(`dataset-done ${parent}`));
    }
    expect(at("dataset-start backup/q")).toBeLessThan(at("dataset-done backup/p"));
    expect(outcomes(report).map(([target]) => target)).toEqual([
      "backup/p/c2/g",
      "backup/p/c1",
      "backup/p/c2",
      "backup/p",
      "backup/q",
    ]);
  });

  it("reports conflicts, up-to-date and planner-skipped datasets without touching them", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/a", ["s1"]);
    const [s1] = await snapshotsOf(world.source, "tank/a");
    if (s1 === undefined) throw new Error("no snapshot");
    const conflict = new ZrelayError(
      ErrorCode.CONFLICT_DIVERGED,
      "backup/d on localhost has snapshots tank/d lacks after their latest common one: x",
      { host: "localhost", dataset: "backup/d", hint: "Run with --allow-rollback." },
    );
    const input: RunDataset[] = [
      {
        outcome: "conflict",
        kind: "diverged",
        source: "tank/d",
        target: "backup/d",
        latestCommon: s1,
        targetOnly: [],
        error: conflict,
      },
      { outcome: "up-to-date", source: "tank/u", target: "backup/u", latest: s1, notes: [] },
      { outcome: "skip", source: "tank/s", target: "backup/s", reason: "no snapshots on the source" },
      ...(await plans(world, [["tank/a", "backup/a"]])),
    ];
    const log = eventLog();

    const report = await within(
      executeRun(input, { source: world.source, target: world.target, onEvent: log.onEvent }),
    );

    expect(outcomes(report)).toEqual([
      ["backup/d", "conflict", undefined],
      ["backup/u", "up-to-date", undefined],
      ["backup/s", "skipped", "no snapshots on the source"],
      ["backup/a", "replicated", undefined],
    ]);
    expect(report.datasets[0]).toMatchObject({
      error: conflict,
      conflict: { kind: "diverged", latestCommon: s1 },
    });
    expect(log.events[0]).toMatchObject({
      kind: "dataset-failed",
      error: conflict,
      conflict: { kind: "diverged" },
    });
    expect(report.totals).toMatchObject({ conflicts: 1, upToDate: 1, skipped: 1, replicated: 1, failed: 0 });
    expect(log.lines().slice(0, 3)).toEqual([
      "dataset-failed backup/d",
      "dataset-up-to-date backup/u",
      "dataset-skipped backup/s",
    ]);
  });

  it("cancels the running dataset and skips the rest when the signal fires", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/a", ["s1"], 4 * 1024 * 1024);
    snapshotSeries(world.sourceZfs, "tank/b", ["s1"]);
    const input = await plans(world, [
      ["tank/a", "backup/a"],
      ["tank/b", "backup/b"],
    ]);
    const controller = new AbortController();
    const source = callingAfterBytes(world.source, 128 * 1024, () => controller.abort());

    const report = await within(
      executeRun(input, { source, target: world.target, signal: controller.signal }),
    );

    expect(outcomes(report)).toEqual([
      ["backup/a", "failed", undefined],
      ["backup/b", "skipped", "run cancelled"],
    ]);
    expect(report.datasets[0]).toMatchObject({ error: { code: ErrorCode.CANCELLED } });
    expect(report.cancelled).toBe(true);
    expect(world.targetZfs.exists("backup/b")).toBe(false);
  });
});
