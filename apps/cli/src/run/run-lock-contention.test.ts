import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockFileName } from "../lock/run-lock.js";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const PULL = ["pull", "--host", "host-storage", "--dest", "backup/hs", "tank/data"];
// Held around the pull's own target tree (backup/hs/tank/data): an ancestor excludes it too.
const LOCK = lockFileName("target localhost backup/hs");
const TREE = { machine: "localhost", dataset: "backup/hs", role: "target" };

/** A PID that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid ?? 999_999;
}

describe("run locks (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
  });
  afterEach(() => cli.cleanup());

  it("exits 3 naming the holder's PID and start time while another run holds the target", async () => {
    const holder = { pid: process.pid, startedAt: "2026-01-03T02:00:00.000Z", tree: TREE };
    writeFileSync(join(cli.lockDir, LOCK), JSON.stringify(holder));

    const result = await cli.run(...PULL);

    expect(result).toEqual({
      code: 3,
      stdout: ["* 0 datasets: 0 replicated, 0 up to date, 0 failed; 1 job could not run; 0 B in 0.0 s"],
      stderr: [
        `🚨 Another zrelay run holds the lock of target localhost backup/hs (PID ${process.pid}, started 2026-01-03T02:00:00.000Z), which overlaps target localhost backup/hs/tank/data.`,
        `    Wait for it to finish, or stop it if it hangs (kill ${process.pid}). The lock file is ${join(cli.lockDir, LOCK)}; ` +
          "a lock whose process no longer runs is taken over automatically.",
      ],
    });
    expect(cli.localZfs.exists("backup/hs/tank/data")).toBe(false);
  });

  it("takes over the lock of a process that no longer runs, says so with --debug, and releases it", async () => {
    const stale = { pid: deadPid(), startedAt: "2026-01-02T02:00:00.000Z", tree: TREE };
    writeFileSync(join(cli.lockDir, LOCK), JSON.stringify(stale));

    const result = await cli.run(...PULL, "--debug");

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `ℹ️ took over the lock ${join(cli.lockDir, LOCK)} of PID ${stale.pid} (started 2026-01-02T02:00:00.000Z), which no longer runs`,
    );
    expect(readdirSync(cli.lockDir)).toEqual([]);
  });

  it("locks per target: a pull into another destination is not blocked", async () => {
    writeFileSync(join(cli.lockDir, LOCK), JSON.stringify({ pid: process.pid, startedAt: "x", tree: TREE }));
    const other = await cli.run(
      "pull",
      "--host",
      "host-storage",
      "--dest",
      "backup/other",
      "tank/data",
      "-q",
    );
    expect(other).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(existsSync(join(cli.lockDir, LOCK))).toBe(true);
  });
});
