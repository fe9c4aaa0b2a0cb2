import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroyTrees, property, zfs } from "./lab-zfs.js";

// Retention on both sides over several runs, on real OpenZFS in the lab VM: the built
// CLI, pool to pool on this machine, a config job with prune-target and prune-source.
// Snapshots get real creation times (seconds apart), so the rules use `latest`, which
// does not depend on the clock; period buckets are covered on the emulator with a set
// clock (test/cli/retention.test.ts).
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const ZRELAY = fileURLToPath(new URL("../../apps/cli/bin/zrelay.js", import.meta.url));
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zr-prune-${process.pid}-${Date.now().toString(36)}`;
const SOURCE = `${srcPool}/${unique}/data`;
const BACKUP = `${dstPool}/${unique}/copy`;
// The job that takes its own snapshots (snapshot: true), on a tree of its own.
const TAKER_SOURCE = `${srcPool}/${unique}/taken`;
const TAKER_BACKUP = `${dstPool}/${unique}/taken-copy`;

let env: NodeJS.ProcessEnv;
let config: string;

function zrelay(...args: string[]) {
  const run = spawnSync(process.execPath, [ZRELAY, ...args], { env, encoding: "utf8" });
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { code: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

/** Short names of `dataset`'s snapshots, oldest first. */
const namesOf = (dataset: string) =>
  zfs(["list", "-H", "-o", "name", "-t", "snapshot", "-s", "createtxg", dataset])
    .trim()
    .split("\n")
    .map((name) => name.slice(name.indexOf("@") + 1));

/** zrelay's own name for the job's n-th snapshot (the name, not the time, is simulated). */
const own = (n: number) => `zrelay_life_2026-11-${String(n).padStart(2, "0")}T00:00:00Z`;

describe.skipIf(!enabled)(
  "retention on both sides over several runs, on real OpenZFS",
  { timeout: 900_000 },
  () => {
    beforeAll(() => {
      env = {
        ...process.env,
        TZ: "UTC",
        ZRELAY_LOCK_DIR: mkdtempSync(join(tmpdir(), "zrelay-real-locks-")),
      };
      config = join(mkdtempSync(join(tmpdir(), "zrelay-real-config-")), "zrelay.yaml");
      writeFileSync(
        config,
        `jobs:
  life:
    kind: sync
    from: ${SOURCE}
    to: ${BACKUP}
    prune-target:
      keep: { latest: 3 }
    prune-source:
      keep: { latest: 2 }
  taker:
    kind: sync
    from: ${TAKER_SOURCE}
    to: ${TAKER_BACKUP}
    snapshot: true
    prune-target:
      keep: { latest: 2 }
    prune-source:
      keep: { latest: 1 }
`,
      );
      zfs(["create", "-p", SOURCE]);
      zfs(["create", "-p", TAKER_SOURCE]);
      zfs(["create", "-o", "canmount=off", `${dstPool}/${unique}`]);
      zfs(["snapshot", `${SOURCE}@manual-keep`]);
    }, 600_000);

    afterAll(() => {
      spawnSync("zfs", ["release", "lab-restore", `${BACKUP}@${own(1)}`]);
      destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]);
    });

    it("keeps exactly what the rules keep, a held snapshot survives, and every next run is incremental", () => {
      for (let run = 1; run <= 4; run++) {
        zfs(["snapshot", `${SOURCE}@${own(2 * run - 1)}`]);
        zfs(["snapshot", `${SOURCE}@${own(2 * run)}`]);
        const result = zrelay("run", "life", "--config", config, "--debug");
        expect(result.code, result.stderr.join("\n")).toBe(0);
        if (run > 1) {
          expect(result.stdout).toContain(
            `ℹ️ localhost: zfs send -L -e -c -I ${SOURCE}@${own(2 * run - 2)} ${SOURCE}@${own(2 * run)}`,
          );
        }
        if (run === 1) {
          // Someone pins the oldest backup for a restore test: zrelay must leave it alone.
          zfs(["hold", "lab-restore", `${BACKUP}@${own(1)}`]);
          expect(namesOf(BACKUP)).toEqual(["manual-keep", own(1), own(2)]);
        } else {
          const latest = [own(2 * run - 2), own(2 * run - 1), own(2 * run)];
          expect(namesOf(BACKUP)).toEqual(["manual-keep", own(1), ...latest]);
          expect(result.stdout).toContain(`ℹ️ ${BACKUP}: keep @${own(1)}: held (1 hold)`);
        }
        expect(namesOf(SOURCE)).toEqual(["manual-keep", own(2 * run - 1), own(2 * run)]);
        expect(property(`${BACKUP}@${own(2 * run)}`, "guid")).toBe(
          property(`${SOURCE}@${own(2 * run)}`, "guid"),
        );
      }

      // plan shows the next prunes and changes nothing.
      zfs(["snapshot", `${SOURCE}@${own(9)}`]);
      const before = { source: namesOf(SOURCE), target: namesOf(BACKUP) };
      const plan = zrelay("plan", "life", "--config", config);
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain(`*   DESTROY @${own(6)}: older than the rules keep (latest 3)`);
      expect(plan.stdout).toContain(`*   DESTROY @${own(7)}: older than the rules keep (latest 2)`);
      expect({ source: namesOf(SOURCE), target: namesOf(BACKUP) }).toEqual(before);

      // The next incremental still works after all that pruning.
      const next = zrelay("run", "life", "--config", config, "--debug");
      expect(next.code, next.stderr.join("\n")).toBe(0);
      expect(next.stdout).toContain(
        `ℹ️ localhost: zfs send -L -e -c -I ${SOURCE}@${own(8)} ${SOURCE}@${own(9)}`,
      );
      expect(next.stdout).toContain(`ℹ️ localhost: zfs destroy ${BACKUP}@${own(6)}`);
      expect(namesOf(BACKUP)).toEqual(["manual-keep", own(1), own(7), own(8), own(9)]);
      expect(namesOf(SOURCE)).toEqual(["manual-keep", own(8), own(9)]);
    });

    it("a job that takes its own snapshots: snapshot → replicate → prune on both sides, run after run", () => {
      // zrelay names its snapshots by ZRELAY_TEST_NOW (one reading per run) and prunes at that
      // time; ZFS dates them now, so the set time lies after it (retention never destroys a
      // snapshot from its future).
      const taken = (n: number) => `zrelay_taker_2030-01-0${n}T00:00:00Z`;
      for (let run = 1; run <= 3; run++) {
        env.ZRELAY_TEST_NOW = `2030-01-0${run}T00:00:00Z`;
        const quiet = zrelay("run", "taker", "--config", config, "--quiet");
        expect(quiet, `run ${run}`).toEqual({ code: 0, stdout: [], stderr: [] });
        expect(namesOf(TAKER_SOURCE)).toEqual([taken(run)]);
        expect(namesOf(TAKER_BACKUP)).toEqual(
          [taken(run - 1), taken(run)].filter((_, i) => run > 1 || i === 1),
        );
        expect(property(`${TAKER_BACKUP}@${taken(run)}`, "guid")).toBe(
          property(`${TAKER_SOURCE}@${taken(run)}`, "guid"),
        );
        expect(zfs(["list", "-H", "-o", "name", "-t", "bookmark", TAKER_SOURCE]).trim()).toMatch(
          new RegExp(`#zrelay_.+_${taken(run)}$`),
        );
      }
      delete env.ZRELAY_TEST_NOW;
    });
  },
);
