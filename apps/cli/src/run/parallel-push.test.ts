import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

// The user's backup server in small: two pulls from host-storage into backup/hs, and the push
// of backup/hs offsite (host-storage's tank/offsite plays offsite here). The file lists the
// push first; it still waits for both pulls, whose datasets it sends on.
const CONFIG = `
defaults:
  parallel-jobs: 3
jobs:
  push-offsite:
    kind: push
    to: host-storage
    datasets: [backup/hs]
    strip-prefix: backup
    target-root: tank/offsite
    allow-unencrypted: true
  pull-data:
    kind: pull
    from: host-storage
    datasets: [tank/data]
    dest: backup/hs
  pull-home:
    kind: pull
    from: host-storage
    datasets: [tank/home]
    dest: backup/hs
`;

describe("a push that the pulls of the same run feed (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  let directory: string;
  let config: string;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
    snapshotsOn(cli.remoteZfs, "tank/home", ["daily-1", "daily-2"]);
    cli.remoteZfs.createDataset("tank/offsite");
    cli.localZfs.createDataset("backup/hs");
    directory = mkdtempSync(join(tmpdir(), "zrelay-parallel-"));
    config = join(directory, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => {
    cli.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it("shows in the plan that the push waits for both pulls", async () => {
    const { stdout } = await cli.run("plan", "--config", config);
    expect(stdout[0]).toBe(
      "* push-offsite waits for pull-data (it receives into localhost:backup/hs/tank/data), " +
        "pull-home (it receives into localhost:backup/hs/tank/home)",
    );
    expect(stdout.slice(1).filter((line) => /^\* [a-z-]+: \d+ datasets?$/.test(line))).toEqual([
      "* pull-data: 1 dataset",
      "* pull-home: 1 dataset",
      "* push-offsite: 1 dataset",
    ]);
  });

  it("pushes, in the same run, the snapshots the pulls brought in, with their guids", async () => {
    const result = await cli.run("run", "--config", config, "--json");
    expect(result.code).toBe(0);
    const events = result.stdout.map((line) => JSON.parse(line) as { event: string; job?: string });
    const firstPush = events.findIndex((event) => event.job === "push-offsite");
    const lastPull = events.findLastIndex((event) => event.job === "pull-data" || event.job === "pull-home");
    expect(lastPull).toBeGreaterThan(0);
    expect(firstPush).toBeGreaterThan(lastPull);
    for (const [source, offsite] of [
      ["tank/data", "tank/offsite/hs/tank/data"],
      ["tank/home", "tank/offsite/hs/tank/home"],
    ] as const) {
      const guids = (dataset: string) =>
        cli.remoteZfs
          .listSnapshots(dataset)
          // The pulls leave their chain bookmarks on the source; bookmarks are never sent.
          .filter((s) => s.kind === "snapshot")
          .map((s) => `${s.name} ${s.guid}`);
      expect(guids(offsite)).toEqual(guids(source));
    }
    // Quiet keeps only what allow-unencrypted always says; the tags name the job it came from.
    const quiet = await cli.run("run", "--config", config, "-q");
    expect([quiet.code, quiet.stdout]).toEqual([0, []]);
    expect(quiet.stderr.map((line) => line.slice(0, 50))).toEqual([
      "🚨 push-offsite: warning: backup/hs/tank/data: bac",
      "🚨 push-offsite: warning: backup/hs/tank/home: bac",
    ]);
  });
});
