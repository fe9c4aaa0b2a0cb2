import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";

const CONFIG = `# two local jobs, run in this order
jobs:
  mirror-data:
    kind: sync
    from: tank/data
    to: backup/data
  mirror-home:
    kind: sync
    from: tank/home
    to: backup/home
`;

describe("zrelay run --config, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  let config: string;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    for (const dataset of ["tank/data", "tank/home"]) {
      await box.zfs("create", dataset);
      await box.zfs("snapshot", `${dataset}@daily-1`);
    }
    config = join(box.root, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => box.dispose());

  it("runs every job silently with --quiet, as from cron", async () => {
    expect(await box.zrelay("run", "--config", config, "--quiet")).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
    // The two jobs run at once: which lands first varies.
    expect((await box.snapshots("backup")).sort()).toEqual(["backup/data@daily-1", "backup/home@daily-1"]);
  });

  it("names file, line and key of a config error, exits 2 and runs nothing", async () => {
    writeFileSync(
      config,
      CONFIG.replace("kind: sync\n    from: tank/home", "kind: synk\n    from: tank/home"),
    );
    const result = await box.zrelay("run", "--config", config, "--quiet");
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr[0]).toMatch(new RegExp(`^🚨 ${config}:8:11: jobs\\.mirror-home\\.kind: `));
    expect(await box.snapshots("backup")).toEqual([]);
  });
});
