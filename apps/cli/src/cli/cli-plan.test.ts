import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const ARGS = ["--host", "host-storage", "--dest", "backup/hs", "tank/data"];

describe("zrelay plan and --dry-run (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1", "daily-2"]);
    snapshotsOn(cli.remoteZfs, "tank/data/empty", []);
  });
  afterEach(() => cli.cleanup());

  // A dataset nothing snapshots is warned about on every run, plans included.
  const emptyWarning =
    "🚨 warning: job pull host-storage: tank/data/empty on host-storage has no snapshots, so it is not backed up. " +
    "Have zrelay take them (snapshot: true in the job, or zrelay snapshot), or snapshot it with sanoid on host-storage; " +
    "or leave it out with exclude.";

  const expectedPlan = [
    "* pull host-storage: 2 datasets",
    "* tank/data → backup/hs/tank/data:",
    "*   create the missing parents of backup/hs/tank/data (canmount=off)",
    "*   full send of @daily-1",
    "*   incremental -I @daily-1 → @daily-2: @daily-2",
    "* tank/data/empty → backup/hs/tank/data/empty: skip (no snapshots on source)",
    "* 2 datasets: 1 to replicate, 0 up to date, 1 skipped, 0 failing; nothing was changed",
  ];

  it.each([[["plan", "pull", ...ARGS]], [["pull", ...ARGS, "--dry-run"]]])(
    "%j prints every step and changes nothing",
    async (argv) => {
      expect(await cli.run(...argv)).toEqual({ code: 0, stdout: expectedPlan, stderr: [emptyWarning] });
      expect(cli.localZfs.listDatasets("backup").map((d) => d.name)).toEqual(["backup"]);
    },
  );

  it("shows a rollback it would do, naming every snapshot it destroys, only with --allow-rollback", async () => {
    await cli.run("pull", ...ARGS);
    cli.localZfs.snapshot("backup/hs/tank/data@manual-1");
    cli.localZfs.snapshot("backup/hs/tank/data@manual-2");
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-3"]);

    const refused = await cli.run("plan", "pull", ...ARGS);
    expect(refused.code).toBe(1);
    expect(refused.stderr.find((line) => !line.startsWith("🚨 warning:"))).toContain(
      "has diverged from tank/data",
    );

    const allowed = await cli.run("plan", "pull", ...ARGS, "--allow-rollback");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout.slice(1, 5)).toEqual([
      "* tank/data → backup/hs/tank/data:",
      "*   ROLLBACK backup/hs/tank/data to @daily-2, DESTROYING @manual-1, @manual-2",
      "*   incremental -I @daily-2 → @daily-3: @daily-3",
      "*   note: rolling backup/hs/tank/data back to @daily-2 destroys @manual-1, @manual-2 (--allow-rollback)",
    ]);
    expect(cli.localZfs.exists("backup/hs/tank/data@manual-1")).toBe(true);
  });

  it("shows destructive steps in bold on a terminal only", async () => {
    const terminal = createCliHarness({ terminal: true });
    snapshotsOn(terminal.remoteZfs, "tank/data", ["daily-1"]);
    await terminal.run("pull", ...ARGS);
    terminal.localZfs.snapshot("backup/hs/tank/data@manual");
    snapshotsOn(terminal.remoteZfs, "tank/data", ["daily-2"]);
    const { stdout } = await terminal.run("plan", "pull", ...ARGS, "--allow-rollback");
    expect(stdout[2]).toBe(
      "* \u001b[1m  ROLLBACK backup/hs/tank/data to @daily-1, DESTROYING @manual\u001b[22m",
    );
    expect(stdout[3]).toBe("*   incremental -I @daily-1 → @daily-2: @daily-2");
    terminal.cleanup();
  });

  it("--json prints one plan event per dataset with the snapshots of every step", async () => {
    const { stdout } = await cli.run("plan", "pull", ...ARGS, "--json");
    const plans = stdout.map((line) => JSON.parse(line)).filter((event) => event.event === "plan");
    expect(plans.map((p) => [p.source, p.outcome, p.steps?.map((s: { kind: string }) => s.kind)])).toEqual([
      ["tank/data", "replicate", ["create-parents", "full", "incremental"]],
      ["tank/data/empty", "skip", undefined],
    ]);
    expect(plans[0].steps[2].snapshots.map((s: { name: string }) => s.name)).toEqual(["daily-2"]);
  });

  it("--json hands a conflict on as data: the latest common snapshot and the target-only guids", async () => {
    await cli.run("pull", ...ARGS);
    const manualGuid = cli.localZfs.snapshot("backup/hs/tank/data@manual-1");
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-3"]);
    const common = cli.localZfs.listSnapshots("backup/hs/tank/data").find((s) => s.name === "daily-2");

    for (const argv of [
      ["plan", "pull", ...ARGS, "--json"],
      ["pull", ...ARGS, "--json"],
    ]) {
      const { code, stdout } = await cli.run(...argv);
      expect(code).toBe(1);
      const [error] = stdout.map((line) => JSON.parse(line)).filter((event) => event.event === "error");
      expect(error).toMatchObject({
        source: "tank/data",
        target: "backup/hs/tank/data",
        code: "CONFLICT_DIVERGED",
        conflict: {
          kind: "diverged",
          latestCommon: { name: "daily-2", guid: common?.guid.toString() },
          targetOnly: [{ name: "manual-1", guid: manualGuid.toString() }],
        },
      });
    }
  });

  it("takes no lock: a plan runs while a replication holds the target", async () => {
    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { lockFileName } = await import("../lock/run-lock.js");
    const tree = { machine: "localhost", dataset: "backup/hs", role: "target" };
    const holder = { pid: process.pid, startedAt: "2026-01-03T02:00:00.000Z", tree };
    writeFileSync(join(cli.lockDir, lockFileName("target localhost backup/hs")), JSON.stringify(holder));
    expect((await cli.run("plan", "pull", ...ARGS)).code).toBe(0);
    expect((await cli.run("pull", ...ARGS)).code).toBe(3);
  });
});
