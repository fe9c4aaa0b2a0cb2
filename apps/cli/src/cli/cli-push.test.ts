import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

// Here the backup server is this machine (pool `backup`); `host-storage` (pool `tank`) plays offsite.
const PUSH = ["push", "--host", "host-storage", "--strip-prefix", "backup", "--target-root", "tank/offsite"];

describe("zrelay push (test container)", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    cli.localZfs.createDataset("backup/enc", { properties: { encryption: "on", keyformat: "passphrase" } });
    snapshotsOn(cli.localZfs, "backup/enc/host-a/data", ["daily-1", "daily-2"]);
    cli.localZfs.createDataset("backup/plain");
    snapshotsOn(cli.localZfs, "backup/plain/host-b", ["daily-1"]);
    cli.remoteZfs.createDataset("tank/offsite");
  });
  afterEach(() => cli.cleanup());

  it("pushes encrypted datasets raw; the offsite copy stays encrypted with no key", async () => {
    const result = await cli.run(...PUSH, "backup/enc/host-a");
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    expect(result.stdout.at(-1)).toMatch(/^\* 2 datasets: 1 replicated, 0 up to date, 1 skipped, 0 failed; /);
    const copy = cli.remoteZfs.dataset("tank/offsite/enc/host-a/data");
    expect([copy.encryption, copy.keyStatus]).toEqual(["aes-256-gcm", "unavailable"]);
  });

  it("refuses an unencrypted dataset unless --allow-unencrypted, which warns on stderr every run", async () => {
    const refused = await cli.run(...PUSH, "backup/plain/host-b", "-q");
    expect(refused.code).toBe(1);
    expect(refused.stderr[0]).toMatch(/^🚨 backup\/plain\/host-b: .*not encrypted/);
    expect(cli.remoteZfs.exists("tank/offsite/plain/host-b")).toBe(false);

    const allowed = await cli.run(...PUSH, "backup/plain/host-b", "-q", "--allow-unencrypted");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toEqual([]);
    expect(allowed.stderr[0]).toMatch(/^🚨 warning: backup\/plain\/host-b: /);
    expect(cli.remoteZfs.exists("tank/offsite/plain/host-b@daily-1")).toBe(true);
  });

  it("plans a push as raw steps", async () => {
    const { stdout } = await cli.run("plan", ...PUSH, "backup/enc/host-a/data");
    expect(stdout.slice(1, 5)).toEqual([
      "* backup/enc/host-a/data → tank/offsite/enc/host-a/data:",
      "*   create the missing parents of tank/offsite/enc/host-a/data (canmount=off)",
      "*   full send of @daily-1 (raw)",
      "*   incremental -I @daily-1 → @daily-2 (raw): @daily-2",
    ]);
  });
});
