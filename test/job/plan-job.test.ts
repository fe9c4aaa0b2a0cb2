import {
  defaultPolicy,
  ErrorCode,
  executeRun,
  type JobPlan,
  mapStrippingPrefix,
  mapWithPrefix,
  planJob,
  type RunDataset,
  silentTicker,
  type ZfsEndpoint,
} from "@zrelay/core";
import { PAYLOAD_BYTES_PROPERTY } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";
import { countingEndpoint, createJobWorld, withSnapshots } from "./job-world.js";

const pullTo = (dest: string) => (source: string) => mapWithPrefix(source, dest);

/** `source → target: outcome [step kinds]` per dataset, for compact assertions. */
function summary(plan: JobPlan): string[] {
  return plan.datasets.map((d) => `${d.source} → ${d.target}: ${outcomeOf(d)}`);
  function outcomeOf(d: RunDataset): string {
    if (d.outcome === "replicate") return d.steps.map((s) => s.kind).join(" ");
    if (d.outcome === "conflict") return `conflict ${d.error.code}`;
    return d.outcome;
  }
}

async function replicate(plan: JobPlan, source: ZfsEndpoint, target: ZfsEndpoint) {
  return executeRun(plan.datasets, { source, target, progressTicker: silentTicker });
}

describe("planJob", () => {
  it("plans every dataset of a tree, parents first, creating only the missing ancestors of the root", async () => {
    const world = createJobWorld();
    world.sourceZfs.createDataset("tank/data");
    withSnapshots(world.sourceZfs, "tank/data/home", ["daily-1", "daily-2"]);
    withSnapshots(world.sourceZfs, "tank/data/home/alice", ["daily-1"]);
    withSnapshots(world.sourceZfs, "tank/data/mail", ["daily-1"]);

    const plan = await planJob({
      source: world.source,
      target: world.target,
      roots: ["tank/data"],
      mapTarget: pullTo("backup/host-storage"),
      policy: defaultPolicy,
    });

    expect(summary(plan)).toEqual([
      "tank/data → backup/host-storage/tank/data: skip",
      "tank/data/home → backup/host-storage/tank/data/home: create-parents full incremental",
      "tank/data/home/alice → backup/host-storage/tank/data/home/alice: full",
      "tank/data/mail → backup/host-storage/tank/data/mail: create-parents full",
    ]);
    expect(plan.missingRoots).toEqual([]);
  });

  it("asks each host the same number of questions for 3 datasets as for 60", async () => {
    const callsFor = async (children: number) => {
      const world = createJobWorld();
      for (let i = 0; i < children; i++) withSnapshots(world.sourceZfs, `tank/data/c${i}`, ["a", "b"]);
      const options = {
        source: world.source,
        target: world.target,
        roots: ["tank/data"],
        mapTarget: pullTo("backup/host-storage"),
        policy: defaultPolicy,
      };
      await replicate(await planJob(options), world.source, world.target);
      const source = countingEndpoint(world.source);
      const target = countingEndpoint(world.target);
      const plan = await planJob({ ...options, source, target });
      expect(plan.datasets.filter((d) => d.outcome === "up-to-date")).toHaveLength(children);
      return { source: source.calls, target: target.calls };
    };

    const few = await callsFor(3);
    expect(few).toEqual({
      source: ["listDatasets tank/data", "listSnapshots tank/data"],
      target: ["listDatasets backup/host-storage/tank/data", "listSnapshots backup/host-storage/tank/data"],
    });
    expect(await callsFor(60)).toEqual(few);
  });

  it("lists the parent of a missing target root once, and overlapping roots once", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["a"]);
    withSnapshots(world.sourceZfs, "tank/data/home", ["a"]);
    world.targetZfs.createDataset("backup/host-storage", { parents: true });

    const plan = await planJob({
      source: world.source,
      target: world.target,
      roots: ["tank/data/home", "tank/data"],
      mapTarget: pullTo("backup/host-storage"),
      policy: defaultPolicy,
    });

    expect(world.source.calls).toEqual(["listDatasets tank/data", "listSnapshots tank/data"]);
    expect(world.target.calls).toEqual([
      "listDatasets backup/host-storage/tank/data",
      "listSnapshots backup/host-storage/tank/data",
      "listDatasets backup/host-storage/tank",
    ]);
    // backup/host-storage/tank is missing: the root needs its parents created, its child does not.
    expect(summary(plan)).toEqual([
      "tank/data → backup/host-storage/tank/data: create-parents full",
      "tank/data/home → backup/host-storage/tank/data/home: full",
    ]);
  });

  it("reports a root the source lacks, naming dataset and host, and plans the others", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["a"]);
    const plan = await planJob({
      source: world.source,
      target: world.target,
      roots: ["tank/nope", "tank/data"],
      mapTarget: pullTo("backup"),
      policy: defaultPolicy,
    });
    expect(plan.missingRoots.map((e) => [e.code, e.message, e.host, e.dataset])).toEqual([
      [
        ErrorCode.DATASET_NOT_FOUND,
        "Dataset tank/nope does not exist on host-storage.",
        "host-storage",
        "tank/nope",
      ],
    ]);
    expect(summary(plan)).toEqual(["tank/data → backup/tank/data: create-parents full"]);
  });

  it("drops excluded subtrees and names patterns that matched nothing", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["a"]);
    withSnapshots(world.sourceZfs, "tank/data/tmp", ["a"]);
    withSnapshots(world.sourceZfs, "tank/data/tmp/cache", ["a"]);
    const plan = await planJob({
      source: world.source,
      target: world.target,
      roots: ["tank/data"],
      excludes: ["*/tmp", "tank/typo"],
      mapTarget: pullTo("backup"),
      policy: defaultPolicy,
    });
    expect(plan.datasets.map((d) => d.source)).toEqual(["tank/data"]);
    expect(plan.excluded).toEqual(["tank/data/tmp", "tank/data/tmp/cache"]);
    expect(plan.unmatchedExcludes).toEqual(["tank/typo"]);
  });

  it("plans incrementals from the latest common snapshot (by guid) after new snapshots", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["daily-1"]);
    const options = {
      source: world.source,
      target: world.target,
      roots: ["tank/data"],
      mapTarget: pullTo("backup/hs"),
      policy: defaultPolicy,
    };
    await replicate(await planJob(options), world.source, world.target);
    withSnapshots(world.sourceZfs, "tank/data", ["daily-2", "daily-3"]);

    const plan = await planJob(options);

    const [only] = plan.datasets;
    expect(only?.outcome).toBe("replicate");
    if (only?.outcome !== "replicate") return;
    expect(only.steps).toMatchObject([
      {
        kind: "incremental",
        from: { name: "daily-1" },
        snapshots: [{ name: "daily-2" }, { name: "daily-3" }],
        intermediates: true,
      },
    ]);
    const guid = world.sourceZfs.dataset("tank/data").guid;
    expect(guid).toBeGreaterThan(2n ** 53n);
  });

  it("turns a diverged target into a conflict that lists the snapshots", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["daily-1"]);
    const options = {
      source: world.source,
      target: world.target,
      roots: ["tank/data"],
      mapTarget: pullTo("backup"),
      policy: defaultPolicy,
    };
    await replicate(await planJob(options), world.source, world.target);
    world.targetZfs.snapshot("backup/tank/data@manual");
    withSnapshots(world.sourceZfs, "tank/data", ["daily-2"]);

    const [only] = (await planJob(options)).datasets;

    expect(only?.outcome).toBe("conflict");
    if (only?.outcome !== "conflict") return;
    expect(only.error.code).toBe(ErrorCode.CONFLICT_DIVERGED);
    expect(only.error.message).toContain("@manual");
    expect(only.error.host).toBe("localhost");
  });

  it("resumes an interrupted receive from the target's token", async () => {
    const world = createJobWorld();
    world.sourceZfs.createDataset("tank/data", { properties: { [PAYLOAD_BYTES_PROPERTY]: "200000" } });
    withSnapshots(world.sourceZfs, "tank/data", ["a"]);
    const options = {
      source: world.source,
      target: world.target,
      roots: ["tank/data"],
      mapTarget: pullTo("backup"),
      policy: defaultPolicy,
    };
    world.target.injectFaults({ receiveFailsAfterBytes: 50_000 });
    const first = await replicate(await planJob(options), world.source, world.target);
    expect(first.totals.failed).toBe(1);

    const [only] = (await planJob(options)).datasets;

    expect(only?.outcome === "replicate" && only.steps.map((s) => s.kind)).toEqual(["resume"]);
  });

  it("makes a corrupt resume token that dataset's failure, with the zfs receive -A hint", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/data", ["a"]);
    world.targetZfs.createDataset("backup/tank/data", { parents: true });
    const target: ZfsEndpoint = {
      ...world.target,
      listDatasets: async (root) =>
        (await world.target.listDatasets(root)).map((d) => ({ ...d, resumeToken: "1-bad" })),
    };
    const [only] = (
      await planJob({
        source: world.source,
        target,
        roots: ["tank/data"],
        mapTarget: pullTo("backup"),
        policy: defaultPolicy,
      })
    ).datasets;
    expect(only?.outcome === "refused" && [only.error.code, only.error.hint]).toEqual([
      ErrorCode.RESUME_INVALID,
      "Run `zfs receive -A backup/tank/data` on the target to discard the interrupted receive.",
    ]);
  });

  it("maps a push layout by stripping the prefix, and refuses a dataset outside it", async () => {
    const world = createJobWorld();
    withSnapshots(world.sourceZfs, "tank/enc/host-storage/data", ["a"]);
    const push = {
      source: world.source,
      target: world.target,
      mapTarget: (name: string) => mapStrippingPrefix(name, "tank/enc", "backup/offsite"),
      policy: defaultPolicy,
    };
    const plan = await planJob({ ...push, roots: ["tank/enc/host-storage"] });
    expect(plan.datasets.map((d) => d.target)).toEqual([
      "backup/offsite/host-storage",
      "backup/offsite/host-storage/data",
    ]);
    withSnapshots(world.sourceZfs, "tank/other", ["a"]);
    await expect(planJob({ ...push, roots: ["tank/other"] })).rejects.toMatchObject({
      code: ErrorCode.MAPPING_OUTSIDE_PREFIX,
    });
  });
});
