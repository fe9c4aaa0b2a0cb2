import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliResult, type CliSandbox, createCliSandbox, resultOf, withoutSizes } from "./cli-sandbox.js";

// The built CLI against the zfs emulator: a job that takes its own snapshots
// (`snapshot:`), `zrelay snapshot`, and the warning for a dataset nothing snapshots.
const CONFIG = `jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
    exclude: ["*/tmp"]
    snapshot: true
`;

describe("taking snapshots, through the zfs emulator", { timeout: 90_000 }, () => {
  let box: CliSandbox;
  let config: string;
  /** zrelay with its clock at `now`. */
  const at = async (now: string, ...args: string[]): Promise<CliResult> =>
    resultOf(
      await execa(process.execPath, [box.binary, ...args], {
        env: { ...box.env, ZRELAY_TEST_NOW: now },
        reject: false,
      }),
    );

  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-p", "tank/data/home");
    await box.zfs("create", "tank/data/tmp");
    config = join(box.root, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => box.dispose());

  it("a job with snapshot: snapshots every dataset but the excluded ones, then replicates them, run after run", async () => {
    expect(await at("2026-12-03T02:30:00Z", "run", "--config", config, "-q")).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
    const first = "zrelay_nightly_2026-12-03T02:30:00Z";
    expect(await box.snapshots("tank/data")).toEqual([`tank/data@${first}`, `tank/data/home@${first}`]);
    expect(await box.snapshots("backup/data")).toEqual([`backup/data@${first}`, `backup/data/home@${first}`]);

    const next = await at("2026-12-04T02:30:00Z", "run", "--config", config);
    const second = "zrelay_nightly_2026-12-04T02:30:00Z";
    expect([next.code, next.stderr]).toEqual([0, []]);
    expect(next.stdout[0]).toBe(`* tank on localhost: snapshot @${second} of 2 datasets`);
    expect(withoutSizes(next.stdout)).toContain("* tank/data/home: 1 snapshot, <n> KiB in <t>");
    expect(await box.snapshots("backup/data/home")).toEqual([
      `backup/data/home@${first}`,
      `backup/data/home@${second}`,
    ]);
  });

  it("plan and --dry-run say what they would snapshot and take nothing", async () => {
    const plan = await at("2026-12-03T02:30:00Z", "plan", "--config", config);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "* tank on localhost: would snapshot @zrelay_nightly_2026-12-03T02:30:00Z of 2 datasets",
    );
    const dry = await at("2026-12-03T02:30:00Z", "run", "--config", config, "--dry-run");
    expect(dry.stdout).toContain(
      "* tank on localhost: would snapshot @zrelay_nightly_2026-12-03T02:30:00Z of 2 datasets",
    );
    expect(await box.snapshots("tank")).toEqual([]);
  });

  it("zrelay snapshot takes one atomic snapshot per pool, and none when one name exists", async () => {
    await box.zpool("create", "rpool");
    await box.zfs("create", "rpool/etc");
    const taken = await at(
      "2026-12-03T02:30:00Z",
      "snapshot",
      "--exclude",
      "*/tmp",
      "tank/data",
      "rpool/etc",
      "--debug",
    );
    expect(taken.code).toBe(0);
    expect(taken.stdout).toContain(
      "ℹ️ localhost: zfs snapshot tank/data@zrelay_2026-12-03T02:30:00Z tank/data/home@zrelay_2026-12-03T02:30:00Z",
    );
    expect(taken.stdout.filter((line) => line.startsWith("* "))).toEqual([
      "* tank on localhost: snapshot @zrelay_2026-12-03T02:30:00Z of 2 datasets",
      "* rpool on localhost: snapshot @zrelay_2026-12-03T02:30:00Z of 1 dataset",
    ]);
    const txgs = await box.zfs("list", "-H", "-p", "-o", "createtxg", "-t", "snapshot", "-r", "tank");
    expect(new Set(txgs.split("\n")).size).toBe(1);

    // A second run in the same second: the existing names are left alone, nothing fails.
    const again = await at("2026-12-03T02:30:00Z", "snapshot", "--prefix", "zrelay", "tank/data/home", "-q");
    expect(again).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(await at("2026-12-03T02:30:00Z", "snapshot", "--prefix", "a b", "tank")).toMatchObject({
      code: 2,
      stderr: [
        `🚨 --prefix 'a b' may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit`,
        "    Run zrelay help for the arguments of each command.",
      ],
    });
  });

  it("a dataset with no snapshots and no snapshot policy is a warning on every run, even quiet; exit 0; a container is not", async () => {
    await box.zfs("snapshot", "tank/data/home@daily-1");
    // tank/data/tmp has none; tank/data neither, but as a parent of snapshotted home it is a container.
    const sync = ["sync", "tank/data", "backup/copy", "-q"];
    const warning =
      "🚨 warning: job sync tank/data backup/copy: tank/data/tmp on localhost has no snapshots, so it is not backed up. " +
      "Have zrelay take them (snapshot: true in the job, or zrelay snapshot), or snapshot it with sanoid on localhost; " +
      "or leave it out with exclude.";
    for (let run = 0; run < 2; run++) {
      expect(await box.zrelay(...sync)).toEqual({ code: 0, stdout: [], stderr: [warning] });
    }
    expect(await box.snapshots("backup/copy")).toEqual(["backup/copy/home@daily-1"]);
  });
});
