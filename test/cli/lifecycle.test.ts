import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliSandbox } from "./cli-sandbox.js";
import { at, oneTreeSandbox, own, shortNames } from "./simulated-days.js";

// The whole lifecycle of one job through the built CLI on the zfs emulator, twice a
// simulated day: it takes its snapshot, replicates it, prunes the target, then the
// source, and leaves a bookmark that keeps the chain. zrelay's clock (ZRELAY_TEST_NOW)
// names the snapshots and the emulator's (ZRELAY_FAKE_ZFS_NOW) dates them, the same time.

const CONFIG = `jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
    snapshot: true
    prune-target:
      keep: { latest: 2, daily: 3 }
    prune-source:
      keep: { latest: 2 }
`;

const RUNS = [1, 2, 3].flatMap((day) => [0, 12].map((hour) => ({ day, hour })));

describe("snapshot → replicate → prune both sides, through the zfs emulator", { timeout: 120_000 }, () => {
  let box: CliSandbox;
  let config: string;
  const names = (dataset: string) => shortNames(box, dataset);
  const guids = async (dataset: string) =>
    (await box.zfs("list", "-H", "-p", "-o", "name,guid", "-t", "snapshot", dataset))
      .split("\n")
      .map((line) => line.slice(line.indexOf("@") + 1));

  beforeEach(async () => {
    ({ box, config } = await oneTreeSandbox(CONFIG));
  });
  afterEach(() => box.dispose());

  it("keeps the chain and exactly what the rules keep on each side, run after run, silently", async () => {
    const taken: string[] = [];
    for (const { day, hour } of RUNS) {
      Object.assign(box.env, { ZRELAY_TEST_NOW: at(day, hour), ZRELAY_FAKE_ZFS_NOW: at(day, hour) });
      const result = await box.zrelay("run", "nightly", "--config", config, "--quiet");
      // Quiet and 0: a full resend onto the existing target would have been refused.
      expect(result, `run at ${at(day, hour)}`).toEqual({ code: 0, stdout: [], stderr: [] });
      taken.push(own(day, hour));
      // The source keeps its newest two of zrelay's snapshots, and the chain's bookmark.
      expect(await names("tank/data")).toEqual(taken.slice(-2));
      expect(await box.zfs("list", "-H", "-o", "name", "-t", "bookmark", "tank/data")).toMatch(
        new RegExp(`^tank/data#zrelay_.+_${own(day, hour)}$`),
      );
    }
    // The target: the newest two, and the newest of each of the last three days.
    expect(await names("backup/data")).toEqual([own(1, 12), own(2, 12), own(3, 0), own(3, 12)]);
    // What both sides hold came from the source: the same guids.
    const target = await guids("backup/data");
    for (const line of await guids("tank/data")) expect(target).toContain(line);
  });

  it("plan shows the snapshot it would take, its replication and the prunes after it, and changes nothing", async () => {
    for (const { day, hour } of RUNS.slice(0, 3)) {
      Object.assign(box.env, { ZRELAY_TEST_NOW: at(day, hour), ZRELAY_FAKE_ZFS_NOW: at(day, hour) });
      expect((await box.zrelay("run", "nightly", "--config", config, "--quiet")).code).toBe(0);
    }
    const before = { source: await names("tank/data"), target: await names("backup/data") };
    Object.assign(box.env, { ZRELAY_TEST_NOW: at(2, 12), ZRELAY_FAKE_ZFS_NOW: at(2, 12) });
    const plan = await box.zrelay("plan", "nightly", "--config", config);
    expect(plan.code, plan.stderr.join("\n")).toBe(0);
    expect(plan.stdout).toEqual([
      `* tank on localhost: would snapshot @${own(2, 12)} of 1 dataset`,
      "* nightly: 1 dataset",
      "* tank/data → backup/data:",
      `*   incremental -I @${own(2, 0)} → @${own(2, 12)}: @${own(2, 12)}`,
      "* prune source tank/data on localhost, once it replicated: destroy 1 of 3 snapshots (keep latest 2; match zrelay_nightly_????-??-??T*)",
      `*   DESTROY @${own(1, 12)}: older than the rules keep (latest 2)`,
      "* 1 dataset: 1 to replicate, 0 up to date, 0 failing; 1 snapshot to prune; nothing was changed",
    ]);
    expect({ source: await names("tank/data"), target: await names("backup/data") }).toEqual(before);
    // The run does what the plan said.
    expect((await box.zrelay("run", "nightly", "--config", config, "--quiet")).code).toBe(0);
    expect(await names("tank/data")).toEqual([own(2, 0), own(2, 12)]);
    expect(await names("backup/data")).toEqual([own(1, 12), own(2, 0), own(2, 12)]);
  });
});
