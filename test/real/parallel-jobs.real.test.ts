import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { createEncrypted, destroyTrees, property, snapshotGuids, zfs } from "./lab-zfs.js";

// `zrelay run` of a backup server's config on real OpenZFS, inside the zfs-lab VM: two pull
// jobs from "hosts" (the VM's own sshd, pool `src`) into pool `dst`, and the push offsite of
// what they brought (back over SSH into `src`, the offsite host that never holds a key). The
// file lists the push first: it must wait for both pulls, which run at the same time.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zpj-${process.pid}-${Date.now().toString(36)}`;
const HOSTS = `${srcPool}/${unique}/hosts`;
const BACKUP = `${dstPool}/${unique}/backup`;
const OFFSITE = `${srcPool}/${unique}/offsite`;

let login: LabLogin;
let env: NodeJS.ProcessEnv;
let config: string;

function configText(): string {
  const side = `{ host: 127.0.0.1, user: root, identity: ${login.identity} }`;
  return `jobs:
  push-offsite:
    kind: push
    target: ${side}
    datasets: [${BACKUP}]
    strip-prefix: ${BACKUP}
    target-root: ${OFFSITE}
  pull-a:
    kind: pull
    source: ${side}
    datasets: [${HOSTS}/host-a]
    dest: ${BACKUP}
  pull-b:
    kind: pull
    source: ${side}
    datasets: [${HOSTS}/host-b]
    dest: ${BACKUP}
`;
}

function zrelay(...args: string[]) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

interface RunEvent {
  readonly event: string;
  readonly job?: string;
}

// The VM runs about ten times slower than native; a run is three jobs over SSH.
describe.skipIf(!enabled)(
  "zrelay run: two pulls in parallel and the push they feed, on real OpenZFS",
  { timeout: 600_000 },
  () => {
    beforeAll(() => {
      login = loginToThisMachine();
      const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
      mkdirSync(join(home, ".ssh"), { mode: 0o700 });
      copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
      const lockDir = mkdtempSync(join(tmpdir(), "zrelay-real-locks-"));
      env = { ...process.env, HOME: home, SSH_AUTH_SOCK: "", ZRELAY_LOCK_DIR: lockDir };
      config = join(home, "zrelay.yaml");
      writeFileSync(config, configText());

      zfs(["create", "-p", "-o", "canmount=off", `${srcPool}/${unique}`]);
      createEncrypted(HOSTS, "correct horse battery");
      for (const host of ["host-a", "host-b"]) {
        zfs(["create", `${HOSTS}/${host}`]);
        for (const n of [1, 2]) zfs(["snapshot", `${HOSTS}/${host}@daily-${n}`]);
      }
      zfs(["create", "-p", "-o", "canmount=off", BACKUP]);
      zfs(["create", "-o", "canmount=off", OFFSITE]);
    });

    afterAll(() => destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]));

    it("shows in the plan that the push waits for both pulls", () => {
      const plan = zrelay("plan", "--config", config);
      expect(plan.stdout[0]).toBe(
        `* push-offsite waits for pull-a (it receives into localhost:${BACKUP}/${HOSTS}/host-a), ` +
          `pull-b (it receives into localhost:${BACKUP}/${HOSTS}/host-b)`,
      );
    });

    it("runs the pulls at once, then pushes what they brought, raw, with the same guids", () => {
      const run = zrelay("run", "--config", config, "--json");
      expect(run.stderr).toEqual([]);
      expect(run.code).toBe(0);
      const events = run.stdout.map((line) => JSON.parse(line) as RunEvent);
      const index = (job: string, event: string) =>
        events.findIndex((e) => e.job === job && e.event === event);
      const lastOf = (job: string) => events.findLastIndex((e) => e.job === job);
      // Both pulls had planned and started before either reported a dataset done.
      const firstDone = events.findIndex((e) => e.event === "done");
      expect(index("pull-a", "start")).toBeLessThan(firstDone);
      expect(index("pull-b", "start")).toBeLessThan(firstDone);
      expect(index("push-offsite", "start")).toBeGreaterThan(Math.max(lastOf("pull-a"), lastOf("pull-b")));

      for (const host of ["host-a", "host-b"]) {
        const source = `${HOSTS}/${host}`;
        const backup = `${BACKUP}/${source}`;
        const offsite = `${OFFSITE}/${source}`;
        expect(snapshotGuids(backup), backup).toBe(snapshotGuids(source));
        expect(snapshotGuids(offsite), offsite).toBe(snapshotGuids(source));
        expect(property(offsite, "keystatus"), offsite).toBe("unavailable");
      }
      expect(zrelay("run", "--config", config, "--quiet")).toEqual({ code: 0, stdout: [], stderr: [] });
    });
  },
);
