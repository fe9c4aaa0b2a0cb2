import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { destroyTrees, property, zfs } from "./lab-zfs.js";

// `zrelay status` and `zrelay check` after a real `zrelay run` of a pull job over SSH
// on real OpenZFS, inside the zfs-lab VM: the run state must hold the guids and
// creation times real ZFS reports, and both commands must judge them.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zrm-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}/data`;
const DEST = `${dstPool}/${unique}/backup`;

let login: LabLogin;
let env: NodeJS.ProcessEnv;
let config: string;
let stateDir: string;

function zrelay(...args: string[]) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

describe.skipIf(!enabled)("zrelay status and check after a real pull", { timeout: 600_000 }, () => {
  beforeAll(() => {
    login = loginToThisMachine();
    const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
    mkdirSync(join(home, ".ssh"), { mode: 0o700 });
    copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
    stateDir = mkdtempSync(join(tmpdir(), "zrelay-real-state-"));
    env = {
      ...process.env,
      HOME: home,
      SSH_AUTH_SOCK: "",
      ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zrelay-real-locks-")),
      ZRELAY_STATE_DIR: stateDir,
    };
    zfs(["create", "-p", `${SOURCE}/mail`]);
    zfs(["snapshot", "-r", `${SOURCE}@daily-1`]);
    zfs(["create", "-p", "-o", "canmount=off", `${dstPool}/${unique}`]);
    config = join(home, "zrelay.yaml");
    writeFileSync(
      config,
      `jobs:
  pull-lab:
    kind: pull
    source: { host: 127.0.0.1, user: root, identity: ${login.identity} }
    datasets: [${SOURCE}]
    dest: ${DEST}
`,
    );
  });

  afterAll(() => destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]));

  it("records the real guids and creation times, and status and check judge them", () => {
    const run = zrelay("run", "--config", config, "-q");
    expect(run).toEqual({ code: 0, stdout: [], stderr: [] });

    const state = JSON.parse(readFileSync(join(stateDir, "jobs", "pull-lab.json"), "utf8"));
    const record = state.datasets[SOURCE];
    const target = `${DEST}/${SOURCE}@daily-1`;
    expect(record.targetNewest).toEqual({
      name: "daily-1",
      guid: property(target, "guid"),
      creation: Number(zfs(["get", "-Hpo", "value", "creation", target]).trim()),
    });
    expect(record.sourceNewest.guid).toBe(property(`${SOURCE}@daily-1`, "guid"));

    const check = zrelay("check", "--config", config);
    expect(check.code).toBe(0);
    expect(check.stdout[0]).toMatch(
      /^ZRELAY OK - 2 datasets fresh, the oldest newest snapshot is \d+[sm] old \| datasets=2 ok=2 warning=0 critical=0 unknown=0$/,
    );
    const status = zrelay("status", "--config", config);
    expect(status.code).toBe(0);
    // The VM is slow: "just now" or a few minutes ago.
    expect(status.stdout[1]).toMatch(
      /^pull-lab \(pull root@127\.0\.0\.1 → localhost\): last run (just now|\d+m ago)$/,
    );
    expect(status.stdout.slice(2).map((line) => line.slice(0, 4))).toEqual(["ok  ", "ok  "]);

    // A new source snapshot that no run fetched: --live sees the lag, the state does not yet.
    zfs(["snapshot", `${SOURCE}@daily-2`]);
    const live = zrelay("status", "--config", config, "--live", "--json");
    const dataset = JSON.parse(live.stdout.join("\n")).jobs[0].datasets.find(
      (d: { source: string }) => d.source === SOURCE,
    );
    expect(dataset.sourceNewest.name).toBe("daily-2");
    expect(dataset.targetNewest.name).toBe("daily-1");

    // The source "stops snapshotting": daily-1, seconds old by now (each zrelay above took
    // seconds in the VM), is past a one-second warning age.
    const stale = zrelay("check", "--config", config, "--warn", "1s", "--crit", "1h");
    expect(stale.code).toBe(1);
    expect(stale.stdout[0]).toMatch(/^ZRELAY WARNING - 2 of 2 datasets need attention: /);
  });
});
