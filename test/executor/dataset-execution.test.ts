import { executeDatasetPlan, silentTicker } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import {
  createWorld,
  eventLog,
  fullPlan,
  replicatePlan,
  snapshotSeries,
  snapshotsOf,
  within,
} from "./executor-world.js";

const decode = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

describe("executeDatasetPlan with the fake ZFS", () => {
  it("creates the parents, receives the full and the incremental, with the source's guids and files", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a", "b", "c"]);
    const plan = await fullPlan(world, "tank/data", "backup/hosts/storage/data");

    const result = await within(
      executeDatasetPlan(plan, { source: world.source, target: world.target, progressTicker: silentTicker }),
    );

    const sent = await snapshotsOf(world.source, "tank/data");
    const arrived = await snapshotsOf(world.target, "backup/hosts/storage/data");
    expect(arrived.map((s) => [s.name, s.guid])).toEqual(sent.map((s) => [s.name, s.guid]));
    expect(arrived.every((s) => s.guid > 2n ** 53n)).toBe(true);
    for (const name of ["a", "b", "c"]) {
      expect(decode(world.targetZfs.readFile(`backup/hosts/storage/data@${name}`, "file.txt"))).toBe(
        `tank/data as of ${name}`,
      );
    }
    expect(world.targetZfs.dataset("backup/hosts").canmount).toBe("off");
    expect(world.targetZfs.dataset("backup/hosts/storage").canmount).toBe("off");
    expect(result).toMatchObject({
      outcome: "replicated",
      source: "tank/data",
      target: "backup/hosts/storage/data",
    });
    if (result.outcome !== "replicated") throw new Error("unreachable");
    expect(result.snapshots.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(result.bytes).toBeGreaterThan(3 * 4096);
  });

  it("reports a simple run as exactly this sequence of events", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a", "b"]);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    const log = eventLog();
    let clock = 1000;

    await within(
      executeDatasetPlan(plan, {
        source: world.source,
        target: world.target,
        onEvent: log.onEvent,
        progressTicker: silentTicker,
        now: () => (clock += 250),
      }),
    );

    expect(log.kinds()).toEqual([
      "dataset-start",
      "step-start",
      "step-done",
      "step-start",
      "step-done",
      "step-start",
      "step-done",
      "dataset-done",
    ]);
    const steps = log.events.flatMap((e) =>
      e.kind === "step-done" ? [[e.step.kind, e.index, e.count]] : [],
    );
    expect(steps).toEqual([
      ["create-parents", 0, 3],
      ["full", 1, 3],
      ["incremental", 2, 3],
    ]);
    const done = log.events.at(-1);
    if (done?.kind !== "dataset-done") throw new Error("no dataset-done");
    const stepBytes = log.events.flatMap((e) => (e.kind === "step-done" ? [e.bytes] : []));
    expect(done.bytes).toBe(stepBytes.reduce((a, b) => a + b, 0));
    expect(done.snapshots.map((s) => s.name)).toEqual(["a", "b"]);
    expect(done.durationMs).toBe(250);
  });

  it("emits progress with the bytes the send has written on each tick", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"]);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    const log = eventLog();
    const ticks: (() => void)[] = [];
    const running = executeDatasetPlan(plan, {
      source: world.source,
      target: world.target,
      onEvent: log.onEvent,
      progressTicker: (tick) => {
        ticks.push(tick);
        tick();
        return () => ticks.splice(0);
      },
    });
    await within(running);
    const progress = log.events.filter((e) => e.kind === "progress");
    expect(progress.map((e) => [e.kind, e.target, e.step.kind])).toEqual([
      ["progress", "backup/data", "full"],
    ]);
    expect(ticks).toEqual([]);
  });

  it("rolls back to the step's snapshot before the incremental when the plan says so", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a", "b"]);
    const [a, b] = await snapshotsOf(world.source, "tank/data");
    if (a === undefined || b === undefined) throw new Error("no snapshots");
    await within(
      executeDatasetPlan(await fullPlan(world, "tank/data", "backup/data"), {
        source: world.source,
        target: world.target,
        progressTicker: silentTicker,
      }),
    );
    world.sourceZfs.writeFile("tank/data", "file.txt", "tank/data as of c");
    world.sourceZfs.snapshot("tank/data@c");
    world.targetZfs.rollback("backup/data@a", { destroyNewer: true });
    world.targetZfs.writeFile("backup/data", "file.txt", "scribbled on the backup");
    world.targetZfs.snapshot("backup/data@local");
    const [, , c] = await snapshotsOf(world.source, "tank/data");
    const [targetA, local] = await snapshotsOf(world.target, "backup/data");
    if (c === undefined || targetA === undefined || local === undefined) throw new Error("setup failed");

    const plan = replicatePlan("tank/data", "backup/data", [
      { kind: "rollback", to: targetA, destroys: [local] },
      { kind: "incremental", from: a, intermediates: true, raw: false, snapshots: [b, c] },
    ]);
    await within(executeDatasetPlan(plan, { source: world.source, target: world.target }));

    const arrived = await snapshotsOf(world.target, "backup/data");
    expect(arrived.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(decode(world.targetZfs.readFile("backup/data@c", "file.txt"))).toBe("tank/data as of c");
  });

  it("does nothing for an up-to-date or skipped plan, and says so in one event", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"]);
    const [a] = await snapshotsOf(world.source, "tank/data");
    if (a === undefined) throw new Error("no snapshot");
    const log = eventLog();
    const options = { source: world.source, target: world.target, onEvent: log.onEvent };
    await expect(
      executeDatasetPlan(
        { outcome: "up-to-date", source: "tank/data", target: "backup/data", latest: a, notes: [] },
        options,
      ),
    ).resolves.toEqual({ outcome: "up-to-date", source: "tank/data", target: "backup/data", latest: a });
    await expect(
      executeDatasetPlan(
        { outcome: "skip", source: "tank/data", target: "backup/data", reason: "excluded" },
        options,
      ),
    ).resolves.toEqual({
      outcome: "skipped",
      source: "tank/data",
      target: "backup/data",
      reason: "excluded",
    });
    expect(log.kinds()).toEqual(["dataset-up-to-date", "dataset-skipped"]);
    expect(world.targetZfs.exists("backup/data")).toBe(false);
  });
});
