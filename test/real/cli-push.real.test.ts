import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { createEncrypted, destroyTrees, property, snapshotGuids, zfs } from "./lab-zfs.js";

// `zrelay push`, the built CLI as cron runs it, over SSH to real OpenZFS: inside the
// zfs-lab VM, pushing pool `src`'s encrypted backups through the VM's own sshd into
// pool `dst`, the "offsite" host that must never hold a key.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zrc-${process.pid}-${Date.now().toString(36)}`;
const PREFIX = `${srcPool}/${unique}/encryptedbackups`;
const HOST = `${PREFIX}/host-storage`;
const TARGET_ROOT = `${dstPool}/${unique}/offsite`;
const PLAIN_PREFIX = `${srcPool}/${unique}/plainbackups`;
const TREE = ["host-storage", "host-storage/tank", "host-storage/tank/data"];

let login: LabLogin;
let env: NodeJS.ProcessEnv;

function pushArgs(stripPrefix: string, root: string, ...more: string[]): string[] {
  return [
    "push",
    ...["--host", "127.0.0.1", "--user", "root", "--identity", login.identity],
    ...["--strip-prefix", stripPrefix, "--target-root", TARGET_ROOT, ...more, root],
  ];
}

function zrelay(args: readonly string[]) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

/** Byte counts and durations vary: `12.3 KiB in 4.5 s` reads `<bytes> in <t>`. */
const shape = (lines: readonly string[]) =>
  lines.map((line) =>
    line.replace(/\d+(\.\d+)? (B|KiB|MiB|GiB)\b/g, "<bytes>").replace(/ in \d+(\.\d)? s\b/g, " in <t>"),
  );

// The VM runs about ten times slower than native, and each test runs zrelay several times.
describe.skipIf(!enabled)("zrelay push over SSH on real OpenZFS", { timeout: 600_000 }, () => {
  beforeAll(() => {
    login = loginToThisMachine();
    // Like cron's user: known_hosts in ~/.ssh, no agent.
    const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
    mkdirSync(join(home, ".ssh"), { mode: 0o700 });
    copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
    const lockDir = mkdtempSync(join(tmpdir(), "zrelay-real-locks-"));
    env = { ...process.env, HOME: home, SSH_AUTH_SOCK: "", ZRELAY_LOCK_DIR: lockDir };

    zfs(["create", "-p", "-o", "canmount=off", `${srcPool}/${unique}`]);
    createEncrypted(PREFIX, "correct horse battery");
    for (const name of TREE) zfs(["create", `${PREFIX}/${name}`]);
    zfs(["snapshot", `${HOST}@weekly-1`]);
    zfs(["snapshot", `${HOST}/tank@daily-1`]);
    for (const n of [1, 2]) zfs(["snapshot", `${HOST}/tank/data@hourly-${n}`]);
    zfs(["create", "-p", `${PLAIN_PREFIX}/host-web/www`]);
    zfs(["snapshot", `${PLAIN_PREFIX}/host-web/www@daily-1`]);
  });

  afterAll(() => destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]));

  it("pushes the encrypted tree raw: same guids, key unavailable offsite, then up to date and silent", () => {
    const first = zrelay(pushArgs(PREFIX, HOST));
    expect(first.stderr).toEqual([]);
    expect(first.code).toBe(0);
    expect(shape(first.stdout)).toEqual([
      "* push 127.0.0.1: 3 datasets",
      `* ${HOST}: 1 snapshot, <bytes> in <t>`,
      `* ${HOST}/tank: 1 snapshot, <bytes> in <t>`,
      `* ${HOST}/tank/data: 2 snapshots, <bytes> in <t>`,
      "* 3 datasets: 3 replicated, 0 up to date, 0 failed; <bytes> in <t>",
    ]);
    for (const name of TREE) {
      const copy = `${TARGET_ROOT}/${name}`;
      expect(snapshotGuids(copy), copy).toBe(snapshotGuids(`${PREFIX}/${name}`));
      expect(
        ["encryption", "keystatus", "mounted"].map((p) => property(copy, p)),
        copy,
      ).toEqual(["aes-256-gcm", "unavailable", "no"]);
    }

    const again = zrelay(pushArgs(PREFIX, HOST));
    expect(again.code).toBe(0);
    expect(shape(again.stdout)).toEqual([
      "* push 127.0.0.1: 3 datasets",
      `* ${HOST}: up to date`,
      `* ${HOST}/tank: up to date`,
      `* ${HOST}/tank/data: up to date`,
      "* 3 datasets: 0 replicated, 3 up to date, 0 failed; <bytes> in <t>",
    ]);
    expect(zrelay(pushArgs(PREFIX, HOST, "--quiet"))).toEqual({ code: 0, stdout: [], stderr: [] });
  });

  it("leaves an interrupted push resumable, and the next run resumes it", async () => {
    const data = `${HOST}/tank/data`;
    writeFileSync(join(property(data, "mountpoint"), "big.bin"), randomBytes(12 * 1024 * 1024));
    zfs(["snapshot", `${data}@hourly-3`]);

    // Paced to 1 MiB/s; SIGTERM once 2 MiB of the new snapshot have arrived.
    const child = spawn(process.execPath, [ZRELAY, ...pushArgs(PREFIX, HOST, "--json", "--bwlimit", "1M")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as { event: string; source?: string; bytes?: number };
      if (event.event === "progress" && event.source === data && (event.bytes ?? 0) >= 2 * 1024 * 1024) {
        child.kill("SIGTERM");
        break;
      }
    }
    expect(await exited).toBe(143);
    expect(property(`${TARGET_ROOT}/host-storage/tank/data`, "receive_resume_token")).toMatch(/^1-/);

    const resumed = zrelay(pushArgs(PREFIX, HOST, "--debug"));
    expect(resumed.stderr).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(
      `ℹ️ ${data}: step 1/1: resume the interrupted receive of @hourly-3 (raw)`,
    );
    const copy = `${TARGET_ROOT}/host-storage/tank/data`;
    expect(snapshotGuids(copy)).toBe(snapshotGuids(data));
    expect(property(copy, "receive_resume_token")).toBe("-");
    expect(property(copy, "keystatus")).toBe("unavailable");
  });

  it("refuses an unencrypted source, naming it, and sends nothing", () => {
    const refused = zrelay(pushArgs(PLAIN_PREFIX, `${PLAIN_PREFIX}/host-web`));
    const www = `${PLAIN_PREFIX}/host-web/www`;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toEqual([
      `🚨 ${www}: ${www} on localhost is not encrypted; pushing it would store it readable on root@127.0.0.1.`,
      "    Replicate it into an encrypted dataset and push that, leave it out (--exclude), " +
        "or push it anyway with --allow-unencrypted (a warning is printed on every run).",
    ]);
    expect(shape(refused.stdout)).toEqual([
      "* push 127.0.0.1: 2 datasets",
      `* ${PLAIN_PREFIX}/host-web: skipped (no snapshots on source)`,
      "* 2 datasets: 0 replicated, 0 up to date, 1 skipped, 1 failed; <bytes> in <t>",
    ]);
    expect(spawnSync("zfs", ["list", `${TARGET_ROOT}/host-web/www`]).status).not.toBe(0);
  });
});
