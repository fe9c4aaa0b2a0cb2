import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUPS, createBackupServer, PULLED, pushArguments } from "./backup-server.js";
import { type CliSandbox, createCliSandbox, withoutSizes, withoutTimings } from "./cli-sandbox.js";
import { type SshRemote, snapshotGuids, startSshRemote } from "./ssh-remote.js";

const OFFSITE = "offsite/zrelay";

// The built CLI on a backup server (this machine's emulated `backuppool`, where pulled
// hosts sit under an encryption root) pushing raw to an offsite host behind a real
// loopback sshd, whose zfs is the emulator with its own state.
describe("zrelay push over SSH (loopback sshd, zfs emulator on both sides)", { timeout: 120_000 }, () => {
  let remote: SshRemote;
  let box: CliSandbox;
  let keyFile: string;
  let push: string[];

  beforeAll(async () => {
    remote = await startSshRemote(["offsite"]);
    await remote.zfs("create", OFFSITE);
    box = createCliSandbox();
    Object.assign(box.env, remote.clientEnv);
    keyFile = await createBackupServer(box);
    await box.zfs("create", "-p", `${PULLED}/tank/data/home`);
    await box.zfs("create", `${PULLED}/tank/data/mail`);
    for (const snap of ["daily-1", "daily-2"]) await box.zfs("snapshot", `${PULLED}/tank/data/home@${snap}`);
    await box.zfs("snapshot", `${PULLED}/tank/data/mail@weekly-1`);
    push = pushArguments(remote.connection, OFFSITE);
  });
  afterAll(async () => {
    await remote?.stop();
    box?.dispose();
  });

  it("pushes the encrypted tree raw: every snapshot with its guid, the keys unavailable offsite", async () => {
    const first = await box.zrelay(...push);

    expect([first.code, first.stderr]).toEqual([0, []]);
    expect(withoutSizes(first.stdout)).toEqual([
      `* push ${remote.host}: 5 datasets`,
      `* ${PULLED}: skipped (no snapshots on source)`,
      `* ${PULLED}/tank: skipped (no snapshots on source)`,
      `* ${PULLED}/tank/data: skipped (no snapshots on source)`,
      `* ${PULLED}/tank/data/home: 2 snapshots, <n> KiB in <t>`,
      `* ${PULLED}/tank/data/mail: 1 snapshot, <n> KiB in <t>`,
      "* 5 datasets: 2 replicated, 0 up to date, 3 skipped, 0 failed; <n> KiB in <t>",
    ]);
    const sent = await snapshotGuids(box.zfs, PULLED);
    expect(sent).toHaveLength(3);
    expect(await remote.snapshotGuids(`${OFFSITE}/host-storage`)).toEqual(
      sent.map((line) => line.replace(`${BACKUPS}/`, `${OFFSITE}/`)),
    );
    const copies = [`${OFFSITE}/host-storage/tank/data/home`, `${OFFSITE}/host-storage/tank/data/mail`];
    const properties = await remote.zfs(
      "get",
      "-H",
      "-o",
      "name,property,value",
      "encryption,encryptionroot,keystatus",
      ...copies,
    );
    // Arrived raw: still encrypted under an unencrypted parent, each its own encryption root, no key there.
    expect(properties.split("\n")).toEqual(
      copies.flatMap((copy) => [
        `${copy}\tencryption\taes-256-gcm`,
        `${copy}\tencryptionroot\t${copy}`,
        `${copy}\tkeystatus\tunavailable`,
      ]),
    );
    // ...and with the backup server's key: the passphrase of its encryption root unlocks the copy.
    await remote.zfs("load-key", "-n", "-L", `file://${keyFile}`, copies[0] as string);
  });

  it("a second run is a no-op that says so; with --quiet a run prints nothing", async () => {
    const second = await box.zrelay(...push);
    expect(withoutSizes(second.stdout)).toEqual([
      `* push ${remote.host}: 5 datasets`,
      `* ${PULLED}: skipped (no snapshots on source)`,
      `* ${PULLED}/tank: skipped (no snapshots on source)`,
      `* ${PULLED}/tank/data: skipped (no snapshots on source)`,
      `* ${PULLED}/tank/data/home: up to date`,
      `* ${PULLED}/tank/data/mail: up to date`,
      "* 5 datasets: 0 replicated, 2 up to date, 3 skipped, 0 failed; 0 B in <t>",
    ]);
    expect([second.code, second.stderr]).toEqual([0, []]);

    await box.zfs("snapshot", `${PULLED}/tank/data/mail@weekly-2`);
    expect(await box.zrelay(...push, "--quiet")).toEqual({ code: 0, stdout: [], stderr: [] });
    const [newest] = (await snapshotGuids(box.zfs, `${PULLED}/tank/data/mail`)).slice(-1);
    expect((await remote.snapshotGuids(`${OFFSITE}/host-storage/tank/data/mail`)).at(-1)).toBe(
      newest?.replace(`${BACKUPS}/`, `${OFFSITE}/`),
    );
  });

  it("refuses an unencrypted dataset with exit 1 naming it and the host, unless --allow-unencrypted", async () => {
    const www = "backuppool/plain/host-web/www";
    await box.zfs("create", "-p", www);
    await box.zfs("snapshot", `${www}@daily-1`);
    const plain = ["push", ...remote.connection, "--strip-prefix", "backuppool", "--target-root", OFFSITE];
    const offsiteHost = `${remote.sshd.user}@${remote.host}`;

    const refused = await box.zrelay(...plain, www);
    expect(refused).toEqual({
      code: 1,
      stdout: expect.any(Array),
      stderr: [
        `🚨 ${www}: ${www} on localhost is not encrypted; pushing it would store it readable on ${offsiteHost}.`,
        "    Replicate it into an encrypted dataset and push that, leave it out (--exclude), " +
          "or push it anyway with --allow-unencrypted (a warning is printed on every run).",
      ],
    });
    expect(withoutTimings(refused.stdout)).toEqual([
      `* push ${remote.host}: 1 dataset`,
      "* 1 dataset: 0 replicated, 0 up to date, 1 failed; 0 B in <t>",
    ]);
    expect(await remote.zfs("list", "-H", "-o", "name", "-r", OFFSITE)).not.toContain("plain");

    const allowed = await box.zrelay(...plain, www, "--allow-unencrypted", "--quiet");
    expect(allowed).toEqual({
      code: 0,
      stdout: [],
      stderr: [
        `🚨 warning: ${www}: ${www} on localhost is not encrypted; it is pushed raw but stays readable on ` +
          `${offsiteHost} (--allow-unencrypted)`,
      ],
    });
    expect(await remote.snapshotGuids(`${OFFSITE}/plain`)).toEqual(
      (await snapshotGuids(box.zfs, www)).map((line) => line.replace("backuppool/", `${OFFSITE}/`)),
    );
  });
});
