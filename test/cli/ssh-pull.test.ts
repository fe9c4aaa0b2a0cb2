import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultChainTag } from "@zrelay/core";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, withoutSizes } from "./cli-sandbox.js";
import { type SshRemote, startSshRemote } from "./ssh-remote.js";

// The built CLI pulling over a real loopback sshd from a "remote host" whose zfs is
// the emulator with its own state, into this machine's emulated backup pool.
describe("zrelay pull over SSH (loopback sshd, zfs emulator on both sides)", { timeout: 120_000 }, () => {
  let remote: SshRemote;
  let box: CliSandbox;
  let pull: string[];

  beforeAll(async () => {
    remote = await startSshRemote(["tank"]);
    await remote.zfs("create", "-p", "tank/data/home");
    await remote.zfs("create", "tank/data/mail");
    for (const snap of ["daily-1", "daily-2"]) await remote.zfs("snapshot", `tank/data/home@${snap}`);
    await remote.zfs("snapshot", "tank/data/mail@daily-1");
    box = createCliSandbox();
    await box.zpool("create", "backup");
    Object.assign(box.env, remote.clientEnv);
    pull = ["pull", ...remote.connection, "--dest", "backup/hs", "tank/data"];
  });
  afterAll(async () => {
    await remote?.stop();
    box?.dispose();
  });

  it("pulls the tree, then is up to date, then silent with --quiet", async () => {
    const first = await box.zrelay(...pull);
    expect(first.stderr).toEqual([]);
    expect(withoutSizes(first.stdout)).toEqual([
      `* pull ${remote.host}: 3 datasets`,
      "* tank/data: skipped (no snapshots on source)",
      "* tank/data/home: 2 snapshots, <n> KiB in <t>",
      "* tank/data/mail: 1 snapshot, <n> KiB in <t>",
      "* 3 datasets: 2 replicated, 0 up to date, 1 skipped, 0 failed; <n> KiB in <t>",
    ]);
    expect(await box.snapshots("backup/hs")).toEqual([
      "backup/hs/tank/data/home@daily-1",
      "backup/hs/tank/data/home@daily-2",
      "backup/hs/tank/data/mail@daily-1",
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

  it("--debug: each dataset's steps and commands come before its result line, the summary last", async () => {
    const debug = await box.zrelay(
      "pull",
      ...remote.connection,
      "--dest",
      "backup/debug",
      "tank/data",
      "--debug",
    );
    expect([debug.code, debug.stderr]).toEqual([0, []]);
    const guid = Object.fromEntries(
      (await remote.snapshotGuids("tank/data")).map((line) => line.split(" ") as [string, string]),
    );
    const [home1, home2, mail1] = ["home@daily-1", "home@daily-2", "mail@daily-1"].map(
      (s) => guid[`tank/data/${s}`],
    );
    const from = `${remote.sshd.user}@${remote.host}`;
    const tagOf = async (name: string) => {
      const target = BigInt(
        await box.zfs("get", "-H", "-p", "-o", "value", "guid", `backup/debug/tank/data/${name}`),
      );
      return `${defaultChainTag(hostname())}.${(target & 0xffffffffn).toString(16).padStart(8, "0")}`;
    };
    const get =
      "zfs get -H -p -o name,property,value -r -t filesystem,volume " +
      "type,guid,encryption,encryptionroot,keystatus,canmount,receive_resume_token,written";
    const list = "zfs list -H -p -o name,guid,createtxg,creation,userrefs -t snapshot,bookmark -r";
    const parents =
      "zfs list -H -o name -t filesystem,volume backup backup/debug backup/debug/tank backup/debug/tank/data";
    expect(withoutSizes(debug.stdout)).toEqual([
      `ℹ️ ${from}: ${get} tank/data`,
      `ℹ️ ${from}: ${list} tank/data`,
      `ℹ️ localhost: ${get} backup/debug/tank/data`,
      `ℹ️ localhost: ${list} backup/debug/tank/data`,
      `ℹ️ localhost: ${get} backup/debug/tank`,
      `* pull ${remote.host}: 3 datasets`,
      `ℹ️ pull from ${from} (tank/data) to localhost`,
      "* tank/data: skipped (no snapshots on source)",
      "ℹ️ tank/data/home → backup/debug/tank/data/home: 3 steps",
      "ℹ️ tank/data/home: step 1/3: create the missing parents of backup/debug/tank/data/home (canmount=off)",
      `ℹ️ localhost: ${parents}`,
      "ℹ️ localhost: zfs create -o canmount=off backup/debug",
      "ℹ️ localhost: zfs create -o canmount=off backup/debug/tank",
      "ℹ️ localhost: zfs create -o canmount=off backup/debug/tank/data",
      "ℹ️ tank/data/home: step 1/3 done",
      "ℹ️ tank/data/home: step 2/3: full send of @daily-1",
      `ℹ️ tank/data/home:   @daily-1 (guid ${home1})`,
      "ℹ️ localhost: zfs receive -u -s backup/debug/tank/data/home",
      `ℹ️ ${from}: zfs send -L -e -c tank/data/home@daily-1`,
      "ℹ️ tank/data/home: step 2/3 done, <n> KiB",
      "ℹ️ tank/data/home: step 3/3: incremental -I @daily-1 → @daily-2: @daily-2",
      `ℹ️ tank/data/home:   from daily-1 (guid ${home1}): @daily-2 (guid ${home2})`,
      "ℹ️ localhost: zfs receive -u -s backup/debug/tank/data/home",
      `ℹ️ ${from}: zfs send -L -e -c -I tank/data/home@daily-1 tank/data/home@daily-2`,
      "ℹ️ tank/data/home: step 3/3 done, <n> KiB",
      "* tank/data/home: 2 snapshots, <n> KiB in <t>",
      "ℹ️ tank/data/mail → backup/debug/tank/data/mail: 2 steps",
      "ℹ️ tank/data/mail: step 1/2: create the missing parents of backup/debug/tank/data/mail (canmount=off)",
      `ℹ️ localhost: ${parents}`,
      "ℹ️ tank/data/mail: step 1/2 done",
      "ℹ️ tank/data/mail: step 2/2: full send of @daily-1",
      `ℹ️ tank/data/mail:   @daily-1 (guid ${mail1})`,
      "ℹ️ localhost: zfs receive -u -s backup/debug/tank/data/mail",
      `ℹ️ ${from}: zfs send -L -e -c tank/data/mail@daily-1`,
      "ℹ️ tank/data/mail: step 2/2 done, <n> KiB",
      "* tank/data/mail: 1 snapshot, <n> KiB in <t>",
      // After the run, in dataset order: each new target's guid names its chain on the source.
      `ℹ️ localhost: ${get} backup/debug/tank/data/home`,
      `ℹ️ localhost: ${get} backup/debug/tank/data/mail`,
      `ℹ️ ${from}: zfs bookmark tank/data/home@daily-2 tank/data/home#zrelay_${await tagOf("home")}_daily-2`,
      `ℹ️ ${from}: zfs bookmark tank/data/mail@daily-1 tank/data/mail#zrelay_${await tagOf("mail")}_daily-1`,
      "* 3 datasets: 2 replicated, 0 up to date, 1 skipped, 0 failed; <n> KiB in <t>",
    ]);
  });
});
