import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const PULL = ["pull", "--host", "host-storage", "--dest", "backup/host-storage", "tank/data"];

describe("zrelay pull (test container, in-memory fake ZFS)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    cli.remoteZfs.createDataset("tank/data");
    snapshotsOn(cli.remoteZfs, "tank/data/home", ["daily-1", "daily-2", "daily-3"]);
    snapshotsOn(cli.remoteZfs, "tank/data/mail", ["daily-1"]);
  });
  afterEach(() => cli.cleanup());

  it("prints one short line per dataset and a summary, and the snapshots arrive", async () => {
    const result = await cli.run(...PULL);

    expect(result).toEqual({
      code: 0,
      stdout: [
        "* pull host-storage: 3 datasets",
        "* tank/data: skipped (no snapshots on source)",
        "* tank/data/home: 3 snapshots, 13 KiB in 0.0 s",
        "* tank/data/mail: 1 snapshot, 4.4 KiB in 0.0 s",
        "* 3 datasets: 2 replicated, 0 up to date, 1 skipped, 0 failed; 18 KiB in 0.0 s",
      ],
      stderr: [],
    });
    const arrived = cli.localZfs.listSnapshots("backup/host-storage/tank/data/home").map((s) => s.name);
    expect(arrived).toEqual(["daily-1", "daily-2", "daily-3"]);
    expect(cli.localZfs.getProperty("backup/host-storage/tank/data", "canmount").value).toBe("off");
  });

  it("says up to date on the next run", async () => {
    await cli.run(...PULL);
    const result = await cli.run(...PULL);
    expect(result.stdout).toEqual([
      "* pull host-storage: 3 datasets",
      "* tank/data: skipped (no snapshots on source)",
      "* tank/data/home: up to date",
      "* tank/data/mail: up to date",
      "* 3 datasets: 0 replicated, 2 up to date, 1 skipped, 0 failed; 0 B in 0.0 s",
    ]);
  });

  it.each([["-q"], ["--quiet"], ["--quiet", "--debug"], ["--debug", "-q"]])(
    "prints nothing at all on success with %s",
    async (...flags) => {
      expect(await cli.run(...PULL, ...flags)).toEqual({ code: 0, stdout: [], stderr: [] });
      expect(cli.localZfs.exists("backup/host-storage/tank/data/home@daily-3")).toBe(true);
    },
  );

  it("--no-quiet after --quiet prints the info lines again", async () => {
    const result = await cli.run(...PULL, "--quiet", "--no-quiet");
    expect(result.stdout[0]).toBe("* pull host-storage: 3 datasets");
  });

  it("adds debug lines with every step and the guids involved", async () => {
    const guid = cli.remoteZfs.listSnapshots("tank/data/home")[0]?.guid;
    const { stdout } = await cli.run(...PULL, "--debug");
    expect(stdout).toContain("ℹ️ pull from host-storage (tank/data) to localhost");
    expect(stdout).toContain("ℹ️ tank/data/home: step 2/3: full send of @daily-1");
    expect(stdout).toContain(`ℹ️ tank/data/home:   @daily-1 (guid ${guid})`);
    expect(guid).toBeGreaterThan(2n ** 53n);
    expect(stdout.filter((line) => line.startsWith("* "))).toHaveLength(5);
  });

  it("--json prints one event per line with codes and string guids, and no human lines", async () => {
    const { code, stdout, stderr } = await cli.run(...PULL, "--json");
    const events = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(events.map((e) => `${e.event} ${e.source ?? e.job ?? ""}`)).toEqual([
      "start pull host-storage",
      "done tank/data",
      "step tank/data/home",
      "step tank/data/home",
      "step tank/data/home",
      "done tank/data/home",
      "step tank/data/mail",
      "step tank/data/mail",
      "done tank/data/mail",
      "summary ",
    ]);
    expect(events[5]).toMatchObject({
      outcome: "replicated",
      bytes: 13_465,
      snapshots: [{ name: "daily-1" }, { name: "daily-2" }, { name: "daily-3" }],
      time: "2026-01-03T02:30:00.000Z",
    });
    const snapshots = (events[5]?.snapshots ?? []) as { guid: unknown }[];
    expect(typeof snapshots[0]?.guid).toBe("string");
  });

  it("reports a diverged dataset on stderr with what to do, runs the others, and exits 1", async () => {
    await cli.run(...PULL);
    cli.localZfs.snapshot("backup/host-storage/tank/data/home@manual");
    snapshotsOn(cli.remoteZfs, "tank/data/home", ["daily-4"]);
    snapshotsOn(cli.remoteZfs, "tank/data/mail", ["daily-2"]);

    const result = await cli.run(...PULL);

    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      "🚨 tank/data/home: Target backup/host-storage/tank/data/home on localhost has diverged from tank/data/home: " +
        "1 snapshot newer than the latest common snapshot @daily-3 that the source does not have: @manual.",
      "    To destroy @manual on backup/host-storage/tank/data/home and continue from @daily-3, rerun with " +
        "--allow-rollback. To keep them, rename backup/host-storage/tank/data/home (zfs rename) and let zrelay replicate afresh.",
    ]);
    expect(result.stdout).toContain("* tank/data/mail: 1 snapshot, 4.4 KiB in 0.0 s");
    expect(result.stdout.at(-1)).toBe(
      "* 3 datasets: 1 replicated, 0 up to date, 1 skipped, 1 failed; 4.4 KiB in 0.0 s",
    );
  });

  it("still prints failures in quiet mode, and only them", async () => {
    const result = await cli.run(
      "pull",
      "--host",
      "host-storage",
      "--dest",
      "backup/hs",
      "tank/nope",
      "tank/data",
      "-q",
    );
    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        "🚨 Dataset tank/nope does not exist on host-storage.",
        "    Check the name (zfs list -r tank on host-storage) and fix it in the command line or config.",
      ],
    });
    expect(cli.localZfs.exists("backup/hs/tank/data/home@daily-3")).toBe(true);
  });

  it("fails a job whose host cannot be reached with exit 1", async () => {
    const result = await cli.run("pull", "--host", "host-gone", "--dest", "backup/hs", "tank/data", "-q");
    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: ["🚨 cannot connect to host-gone: no such host", "    Check the host name."],
    });
  });

  it.each([
    {
      argv: ["pull", "--host", "host-storage", "--dest", "backup/hs", "tank//data"],
      first: '🚨 Invalid dataset name "tank//data" (from DATASET): has an empty component',
    },
    {
      argv: ["pull", "--dest", "backup/hs", "tank/data"],
      first: "🚨 error: required option '--host <host>' not specified",
    },
    {
      argv: ["pull", "--host", "h", "--dest", "b", "tank", "--jobs", "0"],
      first: "🚨 error: option '--jobs <n>' argument '0' is invalid. Give a whole number of 1 or more.",
    },
    { argv: ["pull", "--host", "-x", "--dest", "b", "tank"], first: "🚨 --host: '-x' is not a host name" },
    { argv: ["pul"], first: "🚨 error: unknown command 'pul'" },
  ])("exits 2 on a usage error: $argv", async ({ argv, first }) => {
    const result = await cli.run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr[0]).toContain(first);
  });
});
