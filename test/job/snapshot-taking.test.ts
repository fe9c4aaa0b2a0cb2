import { ErrorCode, takeSnapshots } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";

// Snapshots a job takes before it replicates: one atomic `zfs snapshot` per pool.
function host() {
  const zfs = new FakeZfs({ clock: () => 1_767_225_600_000 });
  for (const pool of ["tank", "rpool"]) zfs.createPool(pool);
  for (const dataset of ["tank/data", "tank/data/home", "tank/data/tmp", "rpool/etc"]) {
    zfs.createDataset(dataset, { parents: true });
  }
  const endpoint = createFakeEndpoint(zfs, { host: "host-storage" });
  const commands: string[][] = [];
  const counted = {
    ...endpoint,
    createSnapshots: async (snapshots: readonly string[]) => {
      commands.push([...snapshots]);
      return endpoint.createSnapshots(snapshots);
    },
  };
  return { zfs, endpoint: counted, commands };
}

const name = "zrelay_nightly_2026-12-03T02:30:00Z";
const names = (zfs: FakeZfs, root: string) => zfs.listSnapshots(root).map((s) => `${s.dataset}@${s.name}`);

describe("takeSnapshots", () => {
  it("takes every dataset of the roots but the excluded ones, one command per pool, in one txg", async () => {
    const { zfs, endpoint, commands } = host();
    const taken = await takeSnapshots({
      endpoint,
      roots: ["tank/data", "rpool/etc", "tank/gone"],
      excludes: ["*/tmp"],
      name,
    });
    expect(commands).toEqual([[`tank/data@${name}`, `tank/data/home@${name}`], [`rpool/etc@${name}`]]);
    expect(taken.pools.map((pool) => [pool.pool, pool.error])).toEqual([
      ["tank", undefined],
      ["rpool", undefined],
    ]);
    expect(names(zfs, "tank")).toEqual([`tank/data@${name}`, `tank/data/home@${name}`]);
    const [a, b] = zfs.listSnapshots("tank");
    expect(a?.createtxg).toBe(b?.createtxg);
    expect(taken.missingRoots.map((error) => [error.code, error.message])).toEqual([
      [ErrorCode.DATASET_NOT_FOUND, "Dataset tank/gone does not exist on host-storage."],
    ]);
  });

  it("leaves alone a dataset that already has the name, and a failing pool takes none of its snapshots", async () => {
    const { zfs, endpoint } = host();
    zfs.snapshot(`tank/data/home@${name}`);
    // rpool's snapshot fails: a second dataset of the same name in one command is refused.
    zfs.createDataset("rpool/etc/x");
    const failing = {
      ...endpoint,
      createSnapshots: (snapshots: readonly string[]) =>
        endpoint.createSnapshots(
          snapshots[0]?.startsWith("rpool") ? [...snapshots, snapshots[0]] : snapshots,
        ),
    };
    const taken = await takeSnapshots({ endpoint: failing, roots: ["tank/data", "rpool/etc"], name });
    expect(taken.existing).toEqual([`tank/data/home@${name}`]);
    expect(taken.pools.map((pool) => [pool.pool, pool.snapshots.length, pool.error?.code])).toEqual([
      ["tank", 2, undefined],
      ["rpool", 2, ErrorCode.USAGE],
    ]);
    expect(names(zfs, "rpool")).toEqual([]);
    expect(names(zfs, "tank")).toEqual([
      `tank/data@${name}`,
      `tank/data/home@${name}`,
      `tank/data/tmp@${name}`,
    ]);
  });

  it("takes nothing when dry", async () => {
    const { zfs, endpoint, commands } = host();
    const taken = await takeSnapshots({ endpoint, roots: ["tank"], name, dryRun: true });
    expect(taken.pools.map((pool) => pool.snapshots.length)).toEqual([4]);
    expect([commands, names(zfs, "tank")]).toEqual([[], []]);
  });
});
