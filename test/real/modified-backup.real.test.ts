import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroyTrees, property, zfs } from "./lab-zfs.js";

// A backup someone mounted and wrote into (issue 11, point 4), on real OpenZFS in the
// lab VM: the built CLI, pool to pool on this machine, as the emulator test in
// test/cli/modified-backup.test.ts does it.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zr-mod-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}/data`;
const BACKUP = `${dstPool}/${unique}/copy`;
const MOUNT = `/mnt/${unique}`;

let env: NodeJS.ProcessEnv;

function zrelay(...args: string[]) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

const snapshotsOf = (dataset: string) =>
  zfs(["list", "-H", "-o", "name", "-t", "snapshot", "-s", "createtxg", dataset]).trim().split("\n");

describe.skipIf(!enabled)(
  "a backup written to since its latest snapshot, on real OpenZFS",
  { timeout: 600_000 },
  () => {
    // zrelay runs several times here and the VM is about ten times slower than native.
    beforeAll(() => {
      env = { ...process.env, ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zrelay-real-locks-")) };
      zfs(["create", "-p", SOURCE]);
      zfs(["create", "-o", "canmount=off", `${dstPool}/${unique}`]);
      zfs(["snapshot", `${SOURCE}@s1`]);
      expect(zrelay("sync", SOURCE, BACKUP, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
      expect(property(BACKUP, "written")).toBe("0");

      zfs(["set", "canmount=noauto", `mountpoint=${MOUNT}`, BACKUP]);
      zfs(["mount", BACKUP]);
      writeFileSync(join(MOUNT, "notes.txt"), Buffer.alloc(12 * 1024, 0x61));
      spawnSync("sync");
      zfs(["unmount", BACKUP]);
      zfs(["snapshot", `${SOURCE}@s2`]);
    }, 600_000);

    afterAll(() => destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]));

    it("is refused as modified before any transfer, keeping the change; --allow-rollback rolls back and replicates", () => {
      const written = Number(property(BACKUP, "written"));
      expect(written).toBeGreaterThanOrEqual(12 * 1024);

      const refused = zrelay("sync", SOURCE, BACKUP, "-q", "--debug");
      expect(refused.code).toBe(1);
      expect(refused.stdout.some((line) => line.includes("zfs send"))).toBe(false);
      expect(refused.stderr[0]).toMatch(
        new RegExp(
          `^🚨 ${SOURCE}: Target ${BACKUP} on localhost was modified since @s1 \\(\\d+ KiB written\\)`,
        ),
      );
      expect(refused.stderr.join("\n")).not.toContain("exited with status");
      expect(Number(property(BACKUP, "written"))).toBe(written);

      const plan = zrelay("plan", "sync", SOURCE, BACKUP, "--allow-rollback");
      expect(plan.code).toBe(0);
      expect(plan.stdout[2]).toMatch(
        new RegExp(
          `^\\*   ROLLBACK ${BACKUP} to @s1, DESTROYING the \\d+ KiB written since its latest snapshot$`,
        ),
      );

      const run = zrelay("sync", SOURCE, BACKUP, "-q", "--allow-rollback");
      expect(run).toEqual({ code: 0, stdout: [], stderr: [] });
      expect(snapshotsOf(BACKUP)).toEqual([`${BACKUP}@s1`, `${BACKUP}@s2`]);
      expect(property(BACKUP, "written")).toBe("0");
      expect(property(`${BACKUP}@s2`, "guid")).toBe(property(`${SOURCE}@s2`, "guid"));
    });
  },
);
