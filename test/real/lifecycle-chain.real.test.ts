import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { destroyTrees, property, zfs } from "./lab-zfs.js";

// The snapshot lifecycle on real OpenZFS, the built CLI as cron runs it: the chain
// survives the source pruning its only common snapshot (a bookmark), a held snapshot
// survives the user's destroy, and `zrelay snapshot` is atomic across one pool.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zlc-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}`;
const TARGET = `${dstPool}/${unique}`;

let login: LabLogin;
let env: NodeJS.ProcessEnv;

function zrelay(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

const names = (type: string, root: string) =>
  zfs(["list", "-H", "-o", "name", "-t", type, "-r", "-s", "createtxg", root]).split("\n").filter(Boolean);

describe.skipIf(!enabled)("the snapshot lifecycle on real OpenZFS", { timeout: 600_000 }, () => {
  beforeAll(() => {
    login = loginToThisMachine();
    const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
    mkdirSync(join(home, ".ssh"), { mode: 0o700 });
    copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
    env = {
      ...process.env,
      HOME: home,
      SSH_AUTH_SOCK: "",
      ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zl-")),
    };
    zfs(["create", "-p", `${SOURCE}/data`]);
    zfs(["create", "-o", "canmount=off", TARGET]);
  });
  afterAll(() => destroyTrees([TARGET, SOURCE]));

  it("pull, the source destroys the only common snapshot, the next pull is incremental from zrelay's bookmark", () => {
    const pull = [
      "pull",
      ...["--host", "127.0.0.1", "--user", "root", "--identity", login.identity],
      ...["--dest", `${TARGET}/pulled`, `${SOURCE}/data`],
    ];
    zfs(["snapshot", `${SOURCE}/data@s1`]);
    expect(zrelay([...pull, "-q"])).toEqual({ code: 0, stdout: [], stderr: [] });
    const bookmark = names("bookmark", `${SOURCE}/data`);
    expect(bookmark).toHaveLength(1);
    expect(bookmark[0]).toMatch(new RegExp(`^${SOURCE}/data#zrelay_[A-Za-z0-9.:-]+_s1$`));

    zfs(["snapshot", `${SOURCE}/data@s2`]);
    zfs(["destroy", `${SOURCE}/data@s1`]);
    const again = zrelay([...pull, "--debug"]);
    expect([again.code, again.stderr]).toEqual([0, []]);
    const sends = again.stdout.filter((line) => line.includes("zfs send"));
    expect(sends).toEqual([`ℹ️ root@127.0.0.1: zfs send -L -e -c -i ${bookmark[0]} ${SOURCE}/data@s2`]);
    const copy = `${TARGET}/pulled/${SOURCE}/data`;
    expect(property(`${copy}@s2`, "guid")).toBe(property(`${SOURCE}/data@s2`, "guid"));
    expect(names("snapshot", copy)).toEqual([`${copy}@s1`, `${copy}@s2`]);
    // The new base is bookmarked; the older bookmark of this target is gone.
    expect(names("bookmark", `${SOURCE}/data`)).toEqual([bookmark[0]?.replace(/_s1$/, "_s2")]);
  });

  it("--hold: the newest common snapshot survives zfs destroy on both sides, the previous is released", () => {
    zfs(["create", `${SOURCE}/held`]);
    zfs(["snapshot", `${SOURCE}/held@h1`]);
    const sync = ["sync", `${SOURCE}/held`, `${TARGET}/held`, "--hold", "--chain-tag", "lab", "-q"];
    expect(zrelay(sync)).toEqual({ code: 0, stdout: [], stderr: [] });
    zfs(["snapshot", `${SOURCE}/held@h2`]);
    expect(zrelay(sync)).toEqual({ code: 0, stdout: [], stderr: [] });
    for (const snapshot of [`${SOURCE}/held@h2`, `${TARGET}/held@h2`]) {
      expect(zfs(["holds", "-H", snapshot]).split("\t")[1]).toBe("zrelay_lab");
      const destroy = spawnSync("zfs", ["destroy", snapshot], { encoding: "utf8" });
      expect(destroy.status).not.toBe(0);
      expect(destroy.stderr).toMatch(/being held|dataset is busy/);
    }
    expect(names("snapshot", `${SOURCE}/held`)).toEqual([`${SOURCE}/held@h1`, `${SOURCE}/held@h2`]);
    // h1 was released: the user's own pruning may take it.
    zfs(["destroy", `${SOURCE}/held@h1`]);
  });

  it("zrelay snapshot takes the datasets of one pool in one transaction group; a second run in that second adds none", () => {
    zfs(["create", `${SOURCE}/snap`]);
    zfs(["create", `${SOURCE}/snap/a`]);
    zfs(["create", `${SOURCE}/snap/b`]);
    const now = { ZRELAY_TEST_NOW: "2026-12-03T02:30:00Z" };
    const taken = zrelay(["snapshot", "--prefix", "zrelay_lab", `${SOURCE}/snap`], now);
    expect(taken).toEqual({
      code: 0,
      stdout: [`* ${srcPool} on localhost: snapshot @zrelay_lab_2026-12-03T02:30:00Z of 3 datasets`],
      stderr: [],
    });
    const snapshots = names("snapshot", `${SOURCE}/snap`);
    expect(snapshots.sort()).toEqual(
      ["", "/a", "/b"].map((child) => `${SOURCE}/snap${child}@zrelay_lab_2026-12-03T02:30:00Z`).sort(),
    );
    const txgs = new Set(snapshots.map((snapshot) => property(snapshot, "createtxg")));
    expect(txgs.size).toBe(1);
    expect(zrelay(["snapshot", "--prefix", "zrelay_lab", `${SOURCE}/snap`, "-q"], now)).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
  });
});
