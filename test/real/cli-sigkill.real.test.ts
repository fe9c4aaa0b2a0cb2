import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descendantsOf, killLeftovers, type SeenProcess, untilGone } from "../cli/process-tree.js";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { destroyTrees, property, snapshotGuids, zfs } from "./lab-zfs.js";

// SIGKILL of `zrelay pull` mid-transfer on real OpenZFS, over SSH to the VM's own sshd:
// the local ssh and `zfs receive -u -s` and the remote `zfs send` must end with it, and
// the next pull resume from the receive's token. No --bwlimit: the stream then goes
// from ssh straight into zfs receive, never through zrelay, whose death closes no pipe of it.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zrk-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}/data`;
const DEST = `${dstPool}/${unique}/hs`;
const COPY = `${DEST}/${SOURCE}`;

let login: LabLogin;
let env: NodeJS.ProcessEnv;
let leftovers: SeenProcess[] = [];

const pullArgs = (...more: string[]) => [
  "pull",
  ...["--host", "127.0.0.1", "--user", "root", "--identity", login.identity],
  ...["--dest", DEST, ...more, SOURCE],
];

/** A zfs or ssh process of this test: its argv names our datasets (a remote zfs send's parent is sshd). */
const ours = (process: SeenProcess) =>
  process.argv.some((arg) => ["zfs", "ssh"].includes(basename(arg))) &&
  process.argv.some((arg) => arg.includes(unique));

describe.skipIf(!enabled)("SIGKILL of zrelay pull on real OpenZFS", { timeout: 600_000 }, () => {
  beforeAll(() => {
    login = loginToThisMachine();
    const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
    mkdirSync(join(home, ".ssh"), { mode: 0o700 });
    copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
    env = {
      ...process.env,
      HOME: home,
      SSH_AUTH_SOCK: "",
      ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zrl-")),
    };
    zfs(["create", "-p", SOURCE]);
    zfs(["create", "-p", "-o", "canmount=off", `${dstPool}/${unique}`]);
    writeFileSync(join(property(SOURCE, "mountpoint"), "big.bin"), randomBytes(32 * 1024 * 1024));
    zfs(["snapshot", `${SOURCE}@daily-1`]);
  });

  afterAll(() => {
    killLeftovers(leftovers);
    destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]);
  });

  it("ends the local ssh and zfs receive and the remote zfs send within two seconds; the next pull resumes", async () => {
    const child = spawn(process.execPath, [ZRELAY, ...pullArgs("--json")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal === null ? _code : -1)),
    );
    let started: SeenProcess[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as { event: string; bytes?: number };
      if (event.event === "progress" && (event.bytes ?? 0) >= 2 * 1024 * 1024) {
        started = descendantsOf(1).filter(ours);
        child.kill("SIGKILL");
        break;
      }
    }
    await exited;
    leftovers = started;
    const names = started.map((p) =>
      p.argv
        .slice(0, 2)
        .map((arg) => basename(arg))
        .join(" "),
    );
    expect(names).toEqual(expect.arrayContaining(["zfs send", "zfs receive", "ssh -F"]));
    expect((await untilGone(started, 2000)).map((p) => p.argv.join(" "))).toEqual([]);
    expect(property(COPY, "receive_resume_token")).toMatch(/^1-/);

    const resumed = spawnSync(process.execPath, [ZRELAY, ...pullArgs("--debug")], { env, encoding: "utf8" });
    expect(resumed.stderr).toBe("");
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`ℹ️ ${SOURCE}: step 1/1: resume the interrupted receive of @daily-1`);
    expect(snapshotGuids(COPY)).toBe(snapshotGuids(SOURCE));
    expect(property(COPY, "receive_resume_token")).toBe("-");
  });
});
