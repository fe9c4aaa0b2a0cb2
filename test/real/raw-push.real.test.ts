import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, type ZfsEndpoint } from "@zrelay/core";
import { createRawPushRoute, type RawPushOptions, restoreKeysPlan } from "@zrelay/transport-raw-push";
import { createLocalEndpoint } from "@zrelay/zfs-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planInputs } from "../raw-push/push-world.js";
import { createEncrypted, destroyTrees, property, snapshotGuids, zfs } from "./lab-zfs.js";

// Real OpenZFS in the zfs-lab VM (test/real/run-real.mjs): pools from ZFS_LAB_POOLS.
const enabled = process.env.ZRELAY_REAL_ZFS === "1";
const [srcPool = "src", dstPool = "dst"] = (process.env.ZFS_LAB_POOLS ?? "src,dst").split(",");
const unique = `zrp-${process.pid}-${Date.now().toString(36)}`;
const PASSPHRASE = "correct horse battery";
const PREFIX = `${srcPool}/${unique}/encryptedbackups`;
const HOST = `${PREFIX}/host-storage`;
const TARGET_ROOT = `${dstPool}/${unique}/offsite`;
const TREE = ["host-storage", "host-storage/tank", "host-storage/tank/data"];

function writeContent(dataset: string, content: string): void {
  writeFileSync(join(property(dataset, "mountpoint"), "file.txt"), content);
}

const contentOf = (name: string, version: number) => `${name} version ${version}\n`;

function push(options: Partial<RawPushOptions> = {}) {
  const route = createRawPushRoute({
    source: createLocalEndpoint({ host: "backup-server" }),
    target: createLocalEndpoint({ host: "offsite" }),
    stripPrefix: PREFIX,
    targetRoot: TARGET_ROOT,
    ...options,
  });
  return planInputs(route, [HOST]).then((inputs) =>
    route.executeRun(inputs.map((i) => route.planDataset(i))),
  );
}

describe.skipIf(!enabled)("raw push on real OpenZFS", () => {
  let offsite: ZfsEndpoint;

  beforeAll(() => {
    zfs(["create", "-p", "-o", "canmount=off", `${srcPool}/${unique}`]);
    createEncrypted(PREFIX, PASSPHRASE);
    for (const name of TREE) {
      zfs(["create", `${PREFIX}/${name}`]);
      writeContent(`${PREFIX}/${name}`, contentOf(name, 1));
    }
    // Different schedules: the parent has one snapshot, the deepest child three.
    zfs(["snapshot", `${HOST}@weekly-1`]);
    zfs(["snapshot", `${HOST}/tank@daily-1`]);
    for (const n of [1, 2]) zfs(["snapshot", `${HOST}/tank/data@hourly-${n}`]);
    offsite = createLocalEndpoint({ host: "offsite" });
  });

  afterAll(() => destroyTrees([`${dstPool}/${unique}`, `${srcPool}/${unique}`]));

  it("pushes the tree raw: every copy encrypted, its own encryption root, key unavailable, not mounted", async () => {
    const report = await push();

    expect(report.datasets.map((d) => `${d.target} ${d.outcome}`)).toEqual(
      TREE.map((name) => `${TARGET_ROOT}/${name} replicated`),
    );
    for (const name of TREE) {
      const copy = `${TARGET_ROOT}/${name}`;
      expect(
        ["encryption", "encryptionroot", "keystatus", "mounted"].map((p) => property(copy, p)),
        copy,
      ).toEqual(["aes-256-gcm", copy, "unavailable", "no"]);
    }
    expect([`${dstPool}/${unique}`, TARGET_ROOT].map((parent) => property(parent, "canmount"))).toEqual([
      "off",
      "off",
    ]);
    // Unreadable offsite: nothing can be mounted without the key.
    const mount = spawnSync("zfs", ["mount", `${TARGET_ROOT}/host-storage/tank/data`], { encoding: "utf8" });
    expect(mount.status).not.toBe(0);
    expect(mount.stderr).toContain("encryption key not loaded");
    expect(report.summaries.map((s) => s.encryptionRoot)).toEqual(
      TREE.map((name) => `${TARGET_ROOT}/${name}`),
    );
  });

  it("arrives with every snapshot's guid, bookmarks the newest on the source, then continues incrementally", async () => {
    expect(snapshotGuids(`${TARGET_ROOT}/host-storage/tank/data`)).toBe(snapshotGuids(`${HOST}/tank/data`));
    const bookmarks = zfs(["list", "-H", "-o", "name", "-t", "bookmark", "-r", HOST]).trim().split("\n");
    expect(bookmarks).toContain(`${HOST}/tank/data#zrelay_offsite_hourly-2`);

    writeContent(`${HOST}/tank/data`, contentOf("host-storage/tank/data", 3));
    zfs(["snapshot", `${HOST}/tank/data@hourly-3`]);
    zfs(["destroy", `${HOST}/tank/data@hourly-2`]); // pruned locally: the bookmark is the base
    const report = await push();

    expect(report.datasets.map((d) => d.outcome)).toEqual(["up-to-date", "up-to-date", "replicated"]);
    expect(property(`${TARGET_ROOT}/host-storage/tank/data@hourly-3`, "guid")).toBe(
      property(`${HOST}/tank/data@hourly-3`, "guid"),
    );
    expect(property(`${TARGET_ROOT}/host-storage/tank/data`, "keystatus")).toBe("unavailable");
  });

  it("restores with the documented recipe: one load-key per encryption root, then a read-only mount", async () => {
    const steps = restoreKeysPlan(await offsite.listDatasets(`${dstPool}/${unique}`));
    expect(steps.map((step) => step.encryptionRoot)).toEqual(TREE.map((name) => `${TARGET_ROOT}/${name}`));

    for (const step of steps) {
      const [command = "zfs", ...args] = step.argv;
      const loaded = spawnSync(command, args, { input: `${PASSPHRASE}\n`, encoding: "utf8" });
      expect(loaded.status, loaded.stderr).toBe(0);
    }
    for (const name of TREE) zfs(["mount", "-o", "ro", `${TARGET_ROOT}/${name}`]);

    const read = (name: string) =>
      readFileSync(join(property(`${TARGET_ROOT}/${name}`, "mountpoint"), "file.txt"), "utf8");
    expect(read("host-storage")).toBe(contentOf("host-storage", 1));
    expect(read("host-storage/tank")).toBe(contentOf("host-storage/tank", 1));
    expect(read("host-storage/tank/data")).toBe(contentOf("host-storage/tank/data", 3));

    // While a key is loaded offsite, zrelay will not push there.
    const refused = await push();
    expect(refused.datasets.map((d) => d.outcome === "failed" && d.error.code)).toEqual(
      TREE.map(() => ErrorCode.KEY_EXPOSED),
    );

    // Mounted read-only, the copies are unchanged: after unloading, pushing continues.
    for (const name of [...TREE].reverse()) zfs(["unmount", `${TARGET_ROOT}/${name}`]);
    for (const step of steps) zfs(["unload-key", step.encryptionRoot]);
    zfs(["snapshot", `${HOST}/tank/data@hourly-4`]);
    const after = await push();
    expect(after.datasets.map((d) => d.outcome)).toEqual(["up-to-date", "up-to-date", "replicated"]);
  });
});
