import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestSshd, type TestSshd } from "@zrelay/testkit";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, EMULATOR_BIN, withoutTimings } from "./cli-sandbox.js";

// The built CLI pulling over a real loopback sshd from a "remote host" whose zfs is
// the emulator with its own state, into this machine's emulated backup pool.
describe("zrelay pull over SSH (loopback sshd, zfs emulator on both sides)", { timeout: 120_000 }, () => {
  let sshd: TestSshd;
  let box: CliSandbox;
  let remoteRoot: string;
  let home: string;
  let pull: string[];

  beforeAll(async () => {
    remoteRoot = mkdtempSync(join(tmpdir(), "zrelay-remote-zfs-"));
    const remote = {
      ...process.env,
      PATH: `${EMULATOR_BIN}:${process.env.PATH}`,
      ZRELAY_FAKE_ZFS_ROOT: remoteRoot,
    };
    const zfs = (...args: string[]) => execa("zfs", args, { env: remote });
    await execa("zpool", ["create", "tank"], { env: remote });
    await zfs("create", "-p", "tank/data/home");
    for (const snap of ["daily-1", "daily-2"]) await zfs("snapshot", `tank/data/home@${snap}`);

    sshd = await startTestSshd({ pathPrefix: [EMULATOR_BIN], env: { ZRELAY_FAKE_ZFS_ROOT: remoteRoot } });
    box = createCliSandbox();
    await box.zpool("create", "backup");
    // The CLI reads ~/.ssh/known_hosts and ~/.ssh/config of its HOME, like cron's user.
    home = mkdtempSync(join(tmpdir(), "zrelay-home-"));
    mkdirSync(join(home, ".ssh"), { mode: 0o700 });
    copyFileSync(sshd.knownHostsFile, join(home, ".ssh", "known_hosts"));
    Object.assign(box.env, { HOME: home, SSH_AUTH_SOCK: "" });
    pull = [
      "pull",
      ...["--host", sshd.host, "--port", String(sshd.port), "--user", sshd.user],
      ...["--identity", sshd.clientKey.privateKeyFile, "--dest", "backup/hs", "tank/data"],
    ];
  });
  afterAll(async () => {
    await sshd?.stop();
    box?.dispose();
    rmSync(remoteRoot, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("pulls the tree, then is up to date, then silent with --quiet", async () => {
    const first = await box.zrelay(...pull);
    expect(first.stderr).toEqual([]);
    // Byte counts on the SSH data path are sampled (see packages/zfs-ssh), so only their form is pinned.
    expect(withoutTimings(first.stdout).map((line) => line.replace(/\d+(\.\d)? KiB/, "<n> KiB"))).toEqual([
      `* pull ${sshd.host}: 2 datasets`,
      "* tank/data: skipped (no snapshots on source)",
      "* tank/data/home: 2 snapshots, <n> KiB in <t>",
      "* 2 datasets: 1 replicated, 0 up to date, 1 skipped, 0 failed; <n> KiB in <t>",
    ]);
    expect(await box.snapshots("backup/hs")).toEqual([
      "backup/hs/tank/data/home@daily-1",
      "backup/hs/tank/data/home@daily-2",
    ]);
    expect((await box.zrelay(...pull)).stdout).toContain("* tank/data/home: up to date");
    expect(await box.zrelay(...pull, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
  });

  it("refuses a host whose key is not known, on stderr, with exit 1", async () => {
    const stranger = mkdtempSync(join(tmpdir(), "zrelay-home-"));
    try {
      const unknown = await execa(process.execPath, [box.binary, ...pull, "-q"], {
        env: { ...box.env, HOME: stranger },
        reject: false,
      });
      expect(unknown.exitCode).toBe(1);
      expect(unknown.stdout).toBe("");
      expect(unknown.stderr).toMatch(/^🚨 /);
      expect(unknown.stderr).toMatch(/known_hosts|host key/i);
    } finally {
      rmSync(stranger, { recursive: true, force: true });
    }
  });
});
