import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { defaultChainTag } from "@zrelay/core";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, EMULATOR_BIN } from "./cli-sandbox.js";
import { type SshRemote, snapshotGuids, startSshRemote } from "./ssh-remote.js";

// The built CLI against the zfs emulator: the chain survives the source pruning the
// only snapshot it had in common with the target, because the source keeps a bookmark.

/** `name guid` of every bookmark under `dataset`. */
async function bookmarks(zfs: (...args: string[]) => Promise<string>, dataset: string): Promise<string[]> {
  const listing = await zfs("list", "-H", "-p", "-o", "name,guid", "-t", "bookmark", "-r", dataset);
  return listing
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace("\t", " "));
}

/** The default chain tag of a target on this machine: `<host>.<low 8 hex digits of its guid>`. */
async function chainTag(box: CliSandbox, target: string): Promise<string> {
  const guid = BigInt(await box.zfs("get", "-H", "-p", "-o", "value", "guid", target));
  return `${defaultChainTag(hostname())}.${(guid & 0xffffffffn).toString(16).padStart(8, "0")}`;
}

function guidOf(lines: readonly string[], name: string): string | undefined {
  return lines.find((line) => line.startsWith(`${name} `))?.split(" ")[1];
}

describe("pull keeps its chain on the source (loopback sshd)", { timeout: 120_000 }, () => {
  let remote: SshRemote;
  let box: CliSandbox;
  let pull: string[];
  // A pull lands on this machine: its host name and the target dataset's guid name the chain.
  let tag: string;

  beforeAll(async () => {
    remote = await startSshRemote(["tank"]);
    await remote.zfs("create", "tank/data");
    await remote.zfs("snapshot", "tank/data@s1");
    box = createCliSandbox();
    await box.zpool("create", "backup");
    Object.assign(box.env, remote.clientEnv);
    pull = ["pull", ...remote.connection, "--dest", "backup/hs", "tank/data"];
  });
  afterAll(async () => {
    await remote?.stop();
    box?.dispose();
  });

  it("pull, the source prunes the only common snapshot, the next pull is incremental from the bookmark", async () => {
    expect(await box.zrelay(...pull, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    tag = await chainTag(box, "backup/hs/tank/data");
    const s1 = guidOf(await remote.snapshotGuids("tank/data"), "tank/data@s1");
    expect(await bookmarks(remote.zfs, "tank/data")).toEqual([`tank/data#zrelay_${tag}_s1 ${s1}`]);

    // What sanoid's retention does while the backup server is away.
    await remote.zfs("snapshot", "tank/data@s2");
    await remote.zfs("destroy", "tank/data@s1");
    const again = await box.zrelay(...pull, "--debug");

    expect([again.code, again.stderr]).toEqual([0, []]);
    expect(again.stdout).toContain(
      `ℹ️ ${remote.sshd.user}@${remote.host}: zfs send -L -e -c -i tank/data#zrelay_${tag}_s1 tank/data@s2`,
    );
    expect(again.stdout.some((line) => /full send|send -L -e -c tank\/data@/.test(line))).toBe(false);
    const s2 = guidOf(await remote.snapshotGuids("tank/data"), "tank/data@s2");
    expect(await snapshotGuids(box.zfs, "backup/hs/tank/data")).toEqual([
      `backup/hs/tank/data@s1 ${s1}`,
      `backup/hs/tank/data@s2 ${s2}`,
    ]);
    // The new base is bookmarked, the old bookmark of this target gone.
    expect(await bookmarks(remote.zfs, "tank/data")).toEqual([`tank/data#zrelay_${tag}_s2 ${s2}`]);
  });
});

describe("sync keeps one chain per target, and holds when asked", { timeout: 120_000 }, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "tank/data");
    await box.zfs("snapshot", "tank/data@s1");
  });
  afterEach(() => box.dispose());

  it("two targets on one host (rotating backup disks) never destroy each other's base", async () => {
    const toA = ["sync", "tank/data", "backup/a", "-q"];
    const toB = ["sync", "tank/data", "backup/b", "-q"];
    expect(await box.zrelay(...toA)).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(await box.zrelay(...toB)).toEqual({ code: 0, stdout: [], stderr: [] });
    const [a, b] = [await chainTag(box, "backup/a"), await chainTag(box, "backup/b")];
    expect(a).not.toBe(b);
    await box.zfs("snapshot", "tank/data@s2");
    expect((await box.zrelay(...toA)).code).toBe(0);
    expect((await bookmarks(box.zfs, "tank/data")).map((line) => line.split(" ")[0]).sort()).toEqual(
      [`tank/data#zrelay_${a}_s2`, `tank/data#zrelay_${b}_s1`].sort(),
    );

    await box.zfs("destroy", "tank/data@s1");
    expect(await box.zrelay(...toB)).toEqual({ code: 0, stdout: [], stderr: [] });
    expect((await box.snapshots("backup/b")).at(-1)).toBe("backup/b@s2");
  });

  it("--chain-tag names the chain", async () => {
    expect((await box.zrelay("sync", "tank/data", "backup/c", "--chain-tag", "disk-1", "-q")).code).toBe(0);
    expect((await bookmarks(box.zfs, "tank/data")).map((line) => line.split(" ")[0])).toEqual([
      "tank/data#zrelay_disk-1_s1",
    ]);
  });

  it("--hold holds the newest common snapshot on both sides and releases the one before", async () => {
    const sync = ["sync", "tank/data", "backup/copy", "--chain-tag", "vault", "--hold", "-q"];
    expect(await box.zrelay(...sync)).toEqual({ code: 0, stdout: [], stderr: [] });
    const holds = async (snapshot: string) => (await box.zfs("holds", "-H", snapshot)).split("\t")[1];
    expect([await holds("tank/data@s1"), await holds("backup/copy@s1")]).toEqual([
      "zrelay_vault",
      "zrelay_vault",
    ]);

    await box.zfs("snapshot", "tank/data@s2");
    expect(await box.zrelay(...sync)).toEqual({ code: 0, stdout: [], stderr: [] });
    expect([await holds("tank/data@s2"), await holds("backup/copy@s2")]).toEqual([
      "zrelay_vault",
      "zrelay_vault",
    ]);
    expect([await holds("tank/data@s1"), await holds("backup/copy@s1")]).toEqual([undefined, undefined]);
    // The user's own destroy of the held snapshot is refused; the released one goes.
    await expect(box.zfs("destroy", "tank/data@s2")).rejects.toThrow(/it's being held/);
    await box.zfs("destroy", "tank/data@s1");
  });

  it("a source that refuses the bookmark is a warning naming job, dataset, host and permission; exit 0", async () => {
    // A zfs that refuses `zfs bookmark` as OpenZFS does for a user without the permission.
    const bin = mkdtempSync(join(tmpdir(), "zrelay-refusing-zfs-"));
    try {
      const shim = join(bin, "zfs");
      writeFileSync(
        shim,
        `#!/bin/sh\nif [ "$1" = bookmark ]; then echo "cannot create bookmark '$3': permission denied" >&2; exit 1; fi\nexec "${EMULATOR_BIN}/zfs" "$@"\n`,
      );
      chmodSync(shim, 0o755);
      const env = { ...box.env, PATH: `${bin}${delimiter}${box.env.PATH}`, USER: "backup" };
      const run = await execa(
        process.execPath,
        [box.binary, "sync", "tank/data", "backup/copy", "--chain-tag", "vault", "-q"],
        { env, reject: false },
      );
      expect([run.exitCode, run.stdout]).toEqual([0, ""]);
      const [warning, ...more] = run.stderr.split("\n");
      expect(more).toEqual([]);
      expect(warning).toMatch(
        new RegExp(
          "^🚨 warning: job sync tank/data backup/copy: tank/data on localhost: could not bookmark tank/data@s1 as " +
            "tank/data#zrelay_vault_s1, so the next incremental needs @s1 kept on the source: .*permission denied\\. " +
            "Grant the permissions as root on localhost: zfs allow \\S+ bookmark tank/data$",
        ),
      );
      expect(await box.snapshots("backup/copy")).toEqual(["backup/copy@s1"]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
