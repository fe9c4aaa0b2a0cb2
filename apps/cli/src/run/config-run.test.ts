import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const CONFIG = `
jobs:
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
    exclude: ["*/tmp"]
`;

describe("zrelay run with a config file (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  let directory: string;
  let config: string;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
    snapshotsOn(cli.remoteZfs, "tank/home", ["daily-1", "daily-2"]);
    snapshotsOn(cli.remoteZfs, "tank/home/tmp", ["daily-1"]);
    directory = mkdtempSync(join(tmpdir(), "zrelay-config-"));
    config = join(directory, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => {
    cli.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it("runs every job in the file's order, with one summary line", async () => {
    expect(await cli.run("run", "--config", config, "--parallel-jobs", "1")).toEqual({
      code: 0,
      stdout: [
        "* pull-data: 1 dataset",
        "* tank/data: 1 snapshot, 4.4 KiB in 0.0 s",
        "* pull-home: 1 dataset",
        "* tank/home: 2 snapshots, 8.8 KiB in 0.0 s",
        "* 2 datasets: 2 replicated, 0 up to date, 0 failed; 13 KiB in 0.0 s",
      ],
      stderr: [],
    });
    expect(cli.localZfs.exists("backup/hs/tank/home/tmp")).toBe(false);
  });

  it("runs only the named jobs, and plans them without changing anything", async () => {
    const planned = await cli.run("plan", "pull-home", "--config", config);
    expect(planned.stdout[0]).toBe("* pull-home: 1 dataset");
    expect(cli.localZfs.exists("backup/hs")).toBe(false);
    expect(await cli.run("run", "pull-home", "--config", config, "-q")).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
    expect(cli.localZfs.exists("backup/hs/tank/data")).toBe(false);
  });

  it("exits 2 naming an unknown job and the jobs the file has", async () => {
    const result = await cli.run("run", "pull-dta", "--config", config);
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        `🚨 no job 'pull-dta' in ${config} — did you mean 'pull-data'?`,
        `    Jobs in ${config}: pull-data, pull-home.`,
      ],
    });
  });

  it("exits 2 naming file, line and key of a config error, and runs nothing", async () => {
    writeFileSync(config, CONFIG.replace("dest: backup/hs\n  pull-home", "dest: backup//hs\n  pull-home"));
    const result = await cli.run("run", "--config", config);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(new RegExp(`^🚨 ${config}:7:\\d+: jobs\\.pull-data\\.dest: `));
    expect(cli.localZfs.exists("backup/hs")).toBe(false);
  });

  it("writes Prometheus metrics atomically with --metrics-file, keeping the last success of a failure", async () => {
    const metrics = join(directory, "zrelay.prom");
    await cli.run("run", "--config", config, "-q", "--metrics-file", metrics);
    const labels = 'job="pull-data",source="tank/data",target="backup/hs/tank/data"';
    expect(readFileSync(metrics, "utf8")).toContain(
      `zrelay_dataset_last_success_timestamp_seconds{${labels}} 1767407400\n`,
    );

    cli.localZfs.snapshot("backup/hs/tank/data@manual");
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-2"]);
    const failed = await cli.run("run", "--config", config, "-q", "--metrics-file", metrics);

    expect(failed.code).toBe(1);
    const text = readFileSync(metrics, "utf8");
    expect(text).toContain(`zrelay_dataset_last_success_timestamp_seconds{${labels}} 1767407400\n`);
    expect(text).toContain(`zrelay_dataset_success{${labels}} 0\n`);
    expect(text).toContain("zrelay_run_exit_code 1\n");
    expect(readdirSync(directory).sort()).toEqual(["zrelay.prom", "zrelay.yaml"]);
  });
});
