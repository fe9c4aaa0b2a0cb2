import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseArtifacts } from "../cli/release-artifacts.js";
import { type LabLogin, loginToThisMachine } from "./lab-login.js";
import { createEncrypted, destroyTrees, property, snapshotGuids, zfs } from "./lab-zfs.js";

// The single executable of `npm run package` (not the repository's build), on real OpenZFS
// in the zfs-lab VM: a pull over the VM's own sshd, then a raw push of what it pulled, with
// a PATH holding nothing but ssh (no Node, no zfs: zrelay finds /usr/sbin/zfs itself).
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const artifacts = enabled ? releaseArtifacts() : { missing: "not in the lab" };
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zrpk-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}/tank`;
const BACKUPS = `${dstPool}/${unique}/hosts`;
const OFFSITE = `${srcPool}/${unique}/offsite`;
const TREE = ["", "/data", "/data/home"];

let login: LabLogin;
let env: NodeJS.ProcessEnv;
let executable: string;

function zrelay(...args: string[]) {
  const run = spawnSync(executable, args, { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

const connection = () => ["--host", "127.0.0.1", "--user", "root", "--identity", login.identity];
const shape = (lines: readonly string[]) =>
  lines.map((line) =>
    line
      .replace(/\d+(\.\d+)? (B|KiB|MiB|GiB)\b/g, "<bytes>")
      .replace(/ in (\d+ min )?\d+(\.\d)? s\b/g, " in <t>"),
  );

describe.skipIf("missing" in artifacts)(
  "the packaged zrelay executable on real OpenZFS",
  { timeout: 600_000 },
  () => {
    beforeAll(() => {
      if ("missing" in artifacts) return;
      // A copy on the VM's own disk: the 100 MB file is read at every start, slowly over the share.
      executable = join(mkdtempSync(join(tmpdir(), "zrelay-real-exe-")), "zrelay");
      copyFileSync(artifacts.executable, executable);
      chmodSync(executable, 0o755);
      login = loginToThisMachine();
      const home = mkdtempSync(join(tmpdir(), "zrelay-real-home-"));
      mkdirSync(join(home, ".ssh"), { mode: 0o700 });
      copyFileSync(login.knownHosts, join(home, ".ssh", "known_hosts"));
      const bin = mkdtempSync(join(tmpdir(), "zrelay-real-bin-"));
      symlinkSync("/usr/bin/ssh", join(bin, "ssh"));
      env = {
        PATH: bin,
        HOME: home,
        SSH_AUTH_SOCK: "",
        ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zrelay-locks-")),
      };

      zfs(["create", "-p", "-o", "canmount=off", `${srcPool}/${unique}`]);
      zfs(["create", "-p", "-o", "canmount=off", `${dstPool}/${unique}`]);
      createEncrypted(SOURCE, "correct horse battery");
      zfs(["create", "-p", `${SOURCE}/data/home`]);
      zfs(["snapshot", "-r", `${SOURCE}@daily-1`]);
      zfs(["snapshot", `${SOURCE}/data/home@daily-2`]);
    });
    afterAll(() => destroyTrees([`${srcPool}/${unique}`, `${dstPool}/${unique}`]));

    it("pulls the encrypted tree raw over SSH with the source's guids, then -q is silent", () => {
      const pull = ["pull", ...connection(), "--dest", BACKUPS, SOURCE];
      const first = zrelay(...pull);
      expect(first.stderr).toEqual([]);
      expect(first.code).toBe(0);
      expect(shape(first.stdout)).toEqual([
        "* pull 127.0.0.1: 3 datasets",
        `* ${SOURCE}: 1 snapshot, <bytes> in <t>`,
        `* ${SOURCE}/data: 1 snapshot, <bytes> in <t>`,
        `* ${SOURCE}/data/home: 2 snapshots, <bytes> in <t>`,
        "* 3 datasets: 3 replicated, 0 up to date, 0 failed; <bytes> in <t>",
      ]);
      for (const suffix of TREE) {
        expect(snapshotGuids(`${BACKUPS}/${SOURCE}${suffix}`)).toBe(snapshotGuids(`${SOURCE}${suffix}`));
      }
      expect(property(`${BACKUPS}/${SOURCE}`, "keystatus")).toBe("unavailable");
      expect(zrelay(...pull, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    });

    it("pushes the pulled backups raw to the offsite root, then -q is silent", () => {
      const push = [
        "push",
        ...connection(),
        "--strip-prefix",
        BACKUPS,
        "--target-root",
        OFFSITE,
        `${BACKUPS}/${SOURCE}`,
      ];
      const first = zrelay(...push);
      expect(first.stderr).toEqual([]);
      expect(first.code).toBe(0);
      expect(shape(first.stdout)).toEqual([
        "* push 127.0.0.1: 3 datasets",
        `* ${BACKUPS}/${SOURCE}: 1 snapshot, <bytes> in <t>`,
        `* ${BACKUPS}/${SOURCE}/data: 1 snapshot, <bytes> in <t>`,
        `* ${BACKUPS}/${SOURCE}/data/home: 2 snapshots, <bytes> in <t>`,
        "* 3 datasets: 3 replicated, 0 up to date, 0 failed; <bytes> in <t>",
      ]);
      for (const suffix of TREE) {
        const copy = `${OFFSITE}/${SOURCE}${suffix}`;
        expect(snapshotGuids(copy), copy).toBe(snapshotGuids(`${SOURCE}${suffix}`));
        expect(property(copy, "keystatus"), copy).toBe("unavailable");
      }
      expect(zrelay(...push, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    });

    it("doctor says the executable needs no native crypto on the OpenSSH data path, and which zfs it found", () => {
      const doctor = zrelay("doctor", "pull", ...connection(), "--dest", BACKUPS, SOURCE);
      expect(doctor.stdout).toContain(
        "* this zrelay is the single executable, without ssh2's native crypto add-on: not needed, the ssh client encrypts this job's streams (only --ssh-data-path ssh2 would use slower JavaScript ciphers)",
      );
      // No zfs on either PATH: found by the search, and said where.
      expect(doctor.stdout).toContainEqual(
        expect.stringMatching(
          /^\* source root@127\.0\.0\.1: zfs 2\.3\.\S+ \(kernel module .*\) at \/(usr\/)?sbin\/zfs$/,
        ),
      );
      expect(doctor.stdout).toContainEqual(
        expect.stringMatching(
          /^\* target localhost: zfs 2\.3\.\S+ \(kernel module .*\) at \/(usr\/)?sbin\/zfs$/,
        ),
      );
      expect(doctor.code).toBe(0);
    });
  },
);
