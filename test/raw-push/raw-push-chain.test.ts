import { describe, expect, it } from "vitest";
import {
  createPushWorld,
  outcomes,
  PREFIX,
  type PushWorld,
  push,
  snapshotSeries,
  snapshotsOf,
} from "./push-world.js";

const DATA = `${PREFIX}/host-storage`;
const TAG = "backup-offsite.example.org";

function pointsOnSource(world: PushWorld) {
  return world.backupZfs.listSnapshots(DATA).map((p) => `${p.kind === "snapshot" ? "@" : "#"}${p.name}`);
}

describe("keeping the chain alive on the source", () => {
  it("bookmarks the newest pushed snapshot and sends from the bookmark once the snapshot is pruned", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1", "h2", "h3"]);

    const first = await push(world, [DATA], { targetRoot: "offsite" });

    expect(first.report.summaries[0]).toMatchObject({
      bookmark: `${DATA}#zrelay_${TAG}_h3`,
      held: undefined,
    });
    expect(pointsOnSource(world)).toEqual(["@h1", "@h2", "@h3", `#zrelay_${TAG}_h3`]);

    // The backup server's own retention prunes everything the offsite host has.
    for (const name of ["h1", "h2", "h3"]) world.backupZfs.destroy(`${DATA}@${name}`);
    snapshotSeries(world.backupZfs, DATA, ["h4", "h5"]);
    const second = await push(world, [DATA], { targetRoot: "offsite" });

    expect(outcomes(second.report)).toEqual(["offsite/host-storage replicated"]);
    const steps = second.events.flatMap((e) => (e.kind === "step-start" ? [e.step] : []));
    expect(steps).toMatchObject([
      {
        kind: "incremental",
        from: { kind: "bookmark", name: `zrelay_${TAG}_h3` },
        snapshots: [{ name: "h4" }],
        raw: true,
      },
      { kind: "incremental", from: { name: "h4" }, snapshots: [{ name: "h5" }], raw: true },
    ]);
    const sent = await snapshotsOf(world.backup, DATA);
    const arrived = await snapshotsOf(world.offsite, "offsite/host-storage");
    expect(arrived.map((s) => s.name)).toEqual(["h1", "h2", "h3", "h4", "h5"]);
    expect(arrived.slice(3).map((s) => s.guid)).toEqual(sent.map((s) => s.guid));
    // The new bookmark replaced this route's older one.
    expect(pointsOnSource(world)).toEqual(["@h4", "@h5", `#zrelay_${TAG}_h5`]);
  });

  it("makes the bookmark of an up-to-date dataset that lacks one, and leaves other routes' bookmarks alone", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1"]);
    await push(world, [DATA], { targetRoot: "offsite", chain: { bookmark: false } });
    expect(pointsOnSource(world)).toEqual(["@h1"]);
    world.backupZfs.bookmark(`${DATA}@h1`, `${DATA}#zrelay_other-site_h1`);

    const second = await push(world, [DATA], { targetRoot: "offsite" });
    snapshotSeries(world.backupZfs, DATA, ["h2"]);
    await push(world, [DATA], { targetRoot: "offsite" });

    expect(outcomes(second.report)).toEqual(["offsite/host-storage up-to-date"]);
    expect(second.report.summaries[0]).toMatchObject({ bookmark: `${DATA}#zrelay_${TAG}_h1` });
    expect(pointsOnSource(world)).toEqual(["@h1", "#zrelay_other-site_h1", "@h2", `#zrelay_${TAG}_h2`]);
  });

  it("skips a bookmark whose name is taken by another snapshot, with a debug note", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1", "h2"]);
    world.backupZfs.bookmark(`${DATA}@h1`, `${DATA}#zrelay_${TAG}_h2`);

    const { report, notices } = await push(world, [DATA], { targetRoot: "offsite" });

    expect(report.summaries[0]).toMatchObject({ outcome: "replicated", bookmark: undefined });
    expect(notices).toContainEqual({
      level: "debug",
      dataset: DATA,
      host: "localhost",
      message: expect.stringMatching(
        new RegExp(
          `^not bookmarking ${DATA}@h2: ${DATA}#zrelay_${TAG}_h2 exists for another snapshot \\(guid \\d+\\)$`,
        ),
      ),
    });
  });

  it("with holds on, holds the newest pushed snapshot and moves the hold on the next push", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1", "h2"]);
    const options = { targetRoot: "offsite", chain: { hold: true, tag: "vault" } };

    const first = await push(world, [DATA], options);
    snapshotSeries(world.backupZfs, DATA, ["h3"]);
    const second = await push(world, [DATA], options);

    expect(first.report.summaries[0]).toMatchObject({
      held: `${DATA}@h2`,
      bookmark: `${DATA}#zrelay_vault_h2`,
    });
    expect(second.report.summaries[0]).toMatchObject({
      held: `${DATA}@h3`,
      bookmark: `${DATA}#zrelay_vault_h3`,
    });
    const holds = world.backupZfs
      .listSnapshots(DATA)
      .flatMap((p) => (p.kind === "snapshot" ? [[p.name, p.holds]] : []));
    expect(holds).toEqual([
      ["h1", []],
      ["h2", []],
      ["h3", ["zrelay:push:vault"]],
    ]);
  });

  it("warns, without failing the pushed dataset, when the bookmark cannot be made", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1"]);
    const failing = {
      ...world.backup,
      bookmark: async () => {
        throw new Error("cannot create bookmark: permission denied");
      },
    };

    const { report, notices } = await push({ backup: failing, offsite: world.offsite }, [DATA], {
      targetRoot: "offsite",
    });

    expect(outcomes(report)).toEqual(["offsite/host-storage replicated"]);
    expect(notices.filter((n) => n.level === "warning").map((n) => n.message)).toEqual([
      `could not bookmark ${DATA}@h1 as ${DATA}#zrelay_${TAG}_h1: cannot create bookmark: permission denied`,
    ]);
  });
});
