import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, forwardEndpoint, ZrelayError } from "@zrelay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";
import { jobStatePath } from "./run-state-file.js";
import type { JobState } from "./run-state-format.js";

const CONFIG = `
jobs:
  pull-data:
    kind: pull
    from: host-storage
    datasets: [tank/data]
    dest: backup/hs
`;
const T0 = 1_767_407_400; // the harness clock, 2026-01-03T02:30:00Z

describe("the run state (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  let directory: string;
  let config: string;
  const state = () => JSON.parse(readFileSync(jobStatePath(cli.stateDir, "pull-data"), "utf8")) as JobState;
  const hostDown = () =>
    cli.wrap("host-storage", (endpoint) => {
      const refuse = () =>
        Promise.reject(
          new ZrelayError(ErrorCode.CONNECTION_FAILED, "cannot connect to host-storage: connection refused", {
            host: "host-storage",
            retryable: true,
          }),
        );
      return forwardEndpoint(endpoint, { listDatasets: refuse, listSnapshots: refuse });
    });

  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1", "daily-2"]);
    snapshotsOn(cli.remoteZfs, "tank/data/empty", []);
    directory = mkdtempSync(join(tmpdir(), "zrelay-state-"));
    config = join(directory, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => {
    cli.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it("records per dataset the newest snapshot on both sides, and success only where the target holds the source's newest", async () => {
    expect((await cli.run("run", "--config", config, "-q")).code).toBe(0);
    const recorded = state();
    const newest = cli.remoteZfs.getProperty("tank/data@daily-2", "guid").value;
    expect(cli.localZfs.getProperty("backup/hs/tank/data@daily-2", "guid").value).toBe(newest);
    expect(recorded).toMatchObject({ format: "zrelay-run-state", version: 1, job: "pull-data", config });
    expect(recorded.datasets["tank/data"]).toMatchObject({
      target: "backup/hs/tank/data",
      result: "replicated",
      lastSuccess: T0,
      error: null,
      targetNewest: { name: "daily-2", guid: newest, creation: T0 },
      sourceNewest: { name: "daily-2", guid: newest },
    });
    // "skipped (no snapshots)" is not a success: nothing of it is on the target.
    expect(recorded.datasets["tank/data/empty"]).toMatchObject({
      result: "skipped",
      lastSuccess: null,
      targetNewest: null,
    });
  });

  it("keeps every dataset of a host that is down, failed with the job's error, last success kept", async () => {
    await cli.run("run", "--config", config, "-q");
    hostDown();
    const metrics = join(directory, "zrelay.prom");
    const down = await cli.run("run", "--config", config, "-q", "--metrics-file", metrics);
    expect(down).toEqual({
      code: 1,
      stdout: [],
      stderr: [`🚨 job pull-data (${config}): cannot connect to host-storage: connection refused`],
    });
    expect(state().datasets["tank/data"]).toMatchObject({
      result: "failed",
      lastSuccess: T0,
      error: { code: "CONNECTION_FAILED", message: "cannot connect to host-storage: connection refused" },
      targetNewest: { name: "daily-2" },
    });
    const text = readFileSync(metrics, "utf8");
    const labels = 'job="pull-data",source="tank/data",target="backup/hs/tank/data"';
    expect(text).toContain(`zrelay_dataset_result{${labels},result="failed"} 1\n`);
    expect(text).toContain(`zrelay_dataset_last_success_timestamp_seconds{${labels}} ${T0}\n`);
    expect(text).toContain(`zrelay_dataset_target_newest_snapshot_timestamp_seconds{${labels}} ${T0}\n`);
    expect(text).toContain('zrelay_run_datasets{result="failed"} 2\n');
    expect(text).toContain('zrelay_job_success{job="pull-data"} 0\n');
  });

  it("names the job and its config file in JSON error events", async () => {
    hostDown();
    const { stdout } = await cli.run("run", "--config", config, "--json", "-q");
    const error = JSON.parse(stdout[0] ?? "{}") as Record<string, unknown>;
    expect(error).toMatchObject({
      event: "error",
      job: "pull-data",
      config,
      code: "CONNECTION_FAILED",
      host: "host-storage",
    });
  });

  it("sets a corrupt state aside with a warning and still replicates", async () => {
    const path = jobStatePath(cli.stateDir, "pull-data");
    await cli.run("run", "--config", config, "-q");
    writeFileSync(path, "{ not json");
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-3"]);
    const run = await cli.run("run", "--config", config, "-q");
    expect(run.code).toBe(0);
    // Beside the warning every run gives for the fixture's dataset without snapshots.
    expect(run.stderr).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^🚨 warning: job pull-data: cannot read the run state ${path}: not valid JSON .*; kept as ${path}\\.corrupt\\. It starts afresh`,
        ),
      ),
    );
    expect(cli.localZfs.exists("backup/hs/tank/data@daily-3")).toBe(true);
    expect(state().datasets["tank/data"]?.targetNewest?.name).toBe("daily-3");
    expect(readdirSync(join(cli.stateDir, "jobs")).sort()).toEqual([
      "pull-data.json",
      "pull-data.json.corrupt",
    ]);
  });

  it("refuses a run whose metrics directory is missing before doing anything", async () => {
    const metrics = join(directory, "missing", "zrelay.prom");
    const run = await cli.run("run", "--config", config, "-q", "--metrics-file", metrics);
    expect(run.code).toBe(2);
    expect(run.stderr[0]).toBe(
      `🚨 cannot write the metrics file ${metrics}: its directory ${join(directory, "missing")} does not exist`,
    );
    expect(cli.localZfs.exists("backup/hs")).toBe(false);
  });
});

describe("the run state of a raw push (test container)", () => {
  it("records the pushed snapshot as the target's newest, as for a pull", async () => {
    const cli = createCliHarness();
    try {
      cli.localZfs.createDataset("backup/enc", { properties: { encryption: "on", keyformat: "passphrase" } });
      snapshotsOn(cli.localZfs, "backup/enc/host-a", ["daily-1", "daily-2"]);
      cli.remoteZfs.createDataset("tank/offsite");
      const push = [
        "push",
        "--host",
        "host-storage",
        "--strip-prefix",
        "backup",
        "--target-root",
        "tank/offsite",
      ];
      expect((await cli.run(...push, "backup/enc/host-a", "-q")).code).toBe(0);
      const job = "push host-storage";
      const recorded = JSON.parse(readFileSync(jobStatePath(cli.stateDir, job), "utf8")) as JobState;
      const guid = cli.localZfs.getProperty("backup/enc/host-a@daily-2", "guid").value;
      expect(recorded.datasets["backup/enc/host-a"]).toMatchObject({
        target: "tank/offsite/enc/host-a",
        result: "replicated",
        lastSuccess: T0,
        targetNewest: { name: "daily-2", guid },
        sourceNewest: { name: "daily-2", guid },
      });
    } finally {
      cli.cleanup();
    }
  });
});
