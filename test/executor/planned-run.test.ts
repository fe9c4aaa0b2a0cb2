import {
  decodeResumeToken,
  defaultPolicy,
  executeRun,
  type PlanInput,
  parentOf,
  planDataset,
  type ReplicationPolicy,
  type RunReport,
  type Snapshot,
  toRunDataset,
  type ZfsEndpoint,
} from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { createWorld, snapshotSeries, snapshotsOf, within } from "./executor-world.js";

// What the CLI will do: read both sides through the port, plan, execute.
async function planInput(
  world: { source: ZfsEndpoint; target: ZfsEndpoint },
  source: string,
  target: string,
  policy: ReplicationPolicy,
): Promise<PlanInput> {
  const [sourceDataset] = await world.source.listDatasets(source);
  if (sourceDataset === undefined) throw new Error(`${source} is missing`);
  const sourcePoints = (await world.source.listSnapshots(source)).filter((p) => p.dataset === source);
  const [targetDataset] = await world.target.listDatasets(target);
  const parent = parentOf(target);
  const parentExists = parent === undefined || (await world.target.listDatasets(parent)).length > 0;
  const token = targetDataset?.resumeToken;
  return {
    source: {
      dataset: sourceDataset,
      snapshots: sourcePoints.filter((p): p is Snapshot => p.kind === "snapshot"),
      bookmarks: sourcePoints.flatMap((p) => (p.kind === "bookmark" ? [p] : [])),
    },
    target: {
      name: target,
      dataset: targetDataset,
      snapshots: targetDataset === undefined ? [] : await snapshotsOf(world.target, target),
      resumeToken: token === undefined ? undefined : decodeResumeToken(token, { dataset: target }),
      parentExists,
    },
    policy,
  };
}

async function replicate(
  world: ReturnType<typeof createWorld>,
  pairs: [string, string][],
): Promise<RunReport> {
  const inputs = await Promise.all(pairs.map(([s, t]) => planInput(world, s, t, defaultPolicy)));
  const datasets = inputs.map((input) => toRunDataset(planDataset(input), world.target.host));
  return within(executeRun(datasets, { source: world.source, target: world.target }));
}

const outcomes = (report: RunReport) => report.datasets.map((d) => `${d.target} ${d.outcome}`);

describe("planner and executor together on the fake ZFS", () => {
  it("seeds, continues incrementally, then reports up to date", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["d1", "d2"]);
    const pairs: [string, string][] = [["tank/data", "backup/hosts/storage/data"]];

    expect(outcomes(await replicate(world, pairs))).toEqual(["backup/hosts/storage/data replicated"]);
    snapshotSeries(world.sourceZfs, "tank/data", ["d3", "d4"]);
    const second = await replicate(world, pairs);
    expect(outcomes(second)).toEqual(["backup/hosts/storage/data replicated"]);
    expect(second.totals.snapshots).toBe(2);
    expect(outcomes(await replicate(world, pairs))).toEqual(["backup/hosts/storage/data up-to-date"]);

    const arrived = await snapshotsOf(world.target, "backup/hosts/storage/data");
    const sent = await snapshotsOf(world.source, "tank/data");
    expect(arrived.map((s) => s.guid)).toEqual(sent.map((s) => s.guid));
  });

  it("resumes an interrupted transfer on the next run", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["d1"], 2 * 1024 * 1024);
    world.source.injectFaults({ sendFailsAfterBytes: 512 * 1024 });
    const pairs: [string, string][] = [["tank/data", "backup/data"]];

    const first = await replicate(world, pairs);
    expect(outcomes(first)).toEqual(["backup/data failed"]);
    expect(world.targetZfs.dataset("backup/data").resumeToken).toBeDefined();

    const second = await replicate(world, pairs);
    expect(outcomes(second)).toEqual(["backup/data replicated"]);
    const resumed = second.datasets[0];
    if (resumed?.outcome !== "replicated") throw new Error("not replicated");
    // Only the rest of the stream moved: less than the 2 MiB payload.
    expect(resumed.bytes).toBeLessThan(2 * 1024 * 1024);
    expect((await snapshotsOf(world.target, "backup/data")).map((s) => s.name)).toEqual(["d1"]);
    expect(world.targetZfs.dataset("backup/data").resumeToken).toBeUndefined();
  });

  it("reports a diverged target as a conflict and leaves it alone", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["d1"]);
    const pairs: [string, string][] = [["tank/data", "backup/data"]];
    await replicate(world, pairs);
    snapshotSeries(world.sourceZfs, "tank/data", ["d2"]);
    world.targetZfs.snapshot("backup/data@local");

    const report = await replicate(world, pairs);
    expect(outcomes(report)).toEqual(["backup/data conflict"]);
    expect(report.datasets[0]).toMatchObject({ error: { code: "CONFLICT_DIVERGED", host: "localhost" } });
    expect((await snapshotsOf(world.target, "backup/data")).map((s) => s.name)).toEqual(["d1", "local"]);
  });
});
