import { describe, expect, it } from "vitest";
import {
  createPushWorld,
  outcomes,
  PREFIX,
  push,
  recordingRequests,
  seedHostTree,
  snapshotsOf,
} from "./push-world.js";

const TREE = ["host-storage", "host-storage/tank", "host-storage/tank/data", "host-storage/tank/home"];

describe("pushing an encrypted tree raw to an untrusted host", () => {
  it("lands every dataset encrypted, with its key unavailable offsite, as its own encryption root", async () => {
    const world = createPushWorld();
    const root = seedHostTree(world);

    const { report, notices } = await push(world, [root], { targetRoot: "offsite/zrelay" });

    expect(outcomes(report)).toEqual(TREE.map((name) => `offsite/zrelay/${name} replicated`));
    expect(notices.filter((notice) => notice.level === "warning")).toEqual([]);
    for (const name of TREE) {
      const copy = world.offsiteZfs.dataset(`offsite/zrelay/${name}`);
      expect(copy, name).toMatchObject({
        encryption: "aes-256-gcm",
        keyStatus: "unavailable",
        encryptionRoot: `offsite/zrelay/${name}`,
      });
      expect(() => world.offsiteZfs.readFile(`offsite/zrelay/${name}`, "file.txt"), name).toThrow();
      const sent = await snapshotsOf(world.backup, `${PREFIX}/${name}`);
      const arrived = await snapshotsOf(world.offsite, `offsite/zrelay/${name}`);
      expect(arrived.map((s) => s.guid)).toEqual(sent.map((s) => s.guid));
      expect(arrived.every((s) => s.guid > 2n ** 53n)).toBe(true);
    }
    expect(report.summaries.map((s) => [s.target, s.encryption, s.encryptionRoot])).toEqual(
      TREE.map((name) => [`offsite/zrelay/${name}`, "aes-256-gcm", `offsite/zrelay/${name}`]),
    );
  });

  it("strips the prefix and creates the missing parents with canmount=off before the first receive", async () => {
    const world = createPushWorld();
    const root = seedHostTree(world);
    world.offsiteZfs.createDataset("offsite/zrelay");

    const { events } = await push(world, [`${root}/tank/data`], { targetRoot: "offsite/zrelay" });

    expect(world.offsiteZfs.listDatasets("offsite/zrelay").map((d) => [d.name, d.canmount])).toEqual([
      ["offsite/zrelay", "on"],
      ["offsite/zrelay/host-storage", "off"],
      ["offsite/zrelay/host-storage/tank", "off"],
      ["offsite/zrelay/host-storage/tank/data", "on"],
    ]);
    const steps = events.flatMap((e) => (e.kind === "step-start" ? [e.step.kind] : []));
    expect(steps).toEqual(["create-parents", "full", "incremental"]);
  });

  it("maps without a target root: the stripped name is the whole target name", async () => {
    const world = createPushWorld();
    world.offsiteZfs.createPool("host-storage");
    seedHostTree(world);

    const { report } = await push(world, [`${PREFIX}/host-storage/tank`]);

    expect(report.datasets.map((d) => [d.source, d.target])).toEqual([
      [`${PREFIX}/host-storage/tank`, "host-storage/tank"],
      [`${PREFIX}/host-storage/tank/data`, "host-storage/tank/data"],
      [`${PREFIX}/host-storage/tank/home`, "host-storage/tank/home"],
    ]);
  });

  it("sends every stream raw and receives every one resumably, without any key loaded on the backup server", async () => {
    const world = createPushWorld();
    const root = seedHostTree(world);
    world.backupZfs.unloadKey(PREFIX);
    const source = recordingRequests(world.backup);
    const target = recordingRequests(world.offsite);
    const recorded = { backup: source.endpoint, offsite: target.endpoint };

    await push(recorded, [root], { targetRoot: "offsite" });
    // A pulled backup gets new snapshots by raw receives; taking one needs no key either.
    world.backupZfs.snapshot(`${root}/tank/data@hourly-4`);
    const second = await push(recorded, [root], { targetRoot: "offsite" });

    expect(outcomes(second.report)).toEqual([
      "offsite/host-storage up-to-date",
      "offsite/host-storage/tank up-to-date",
      "offsite/host-storage/tank/data replicated",
      "offsite/host-storage/tank/home up-to-date",
    ]);
    expect(source.sends.length).toBe(7);
    expect(source.sends.every((request) => request.raw === true)).toBe(true);
    expect(target.receives.length).toBe(7);
    expect(target.receives.every((request) => request.resumable && request.force !== true)).toBe(true);
  });

  it("reports the encryption root of up-to-date datasets as listed", async () => {
    const world = createPushWorld();
    const root = seedHostTree(world);
    await push(world, [root], { targetRoot: "offsite" });

    const { report } = await push(world, [root], { targetRoot: "offsite" });

    expect(report.totals).toMatchObject({ datasets: 4, upToDate: 4, failed: 0 });
    expect(report.summaries.map((s) => s.encryptionRoot)).toEqual(TREE.map((name) => `offsite/${name}`));
  });
});
