import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, withoutSizes } from "./cli-sandbox.js";

// Someone mounted a backup and wrote into it (issue 11, point 4). The built CLI on
// the zfs emulator, which reports `written` as OpenZFS does (the lab run is in
// test/real/modified-backup.real.test.ts).
const SYNC = ["sync", "tank/data", "backup/copy"];
const WRITTEN = 12 * 1024;

describe("a backup written to since its latest snapshot", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "tank/data");
    await box.zfs("snapshot", "tank/data@s1");
    expect((await box.zrelay(...SYNC, "-q")).code).toBe(0);
    // As on the lab machine: make the backup mountable, mount it, write, unmount.
    await box.zfs("set", "canmount=noauto", "backup/copy");
    await box.zfs("mount", "backup/copy");
    const mountpoint = (await box.zfs("get", "-H", "-o", "value", "mountpoint", "backup/copy")).trim();
    writeFileSync(join(mountpoint, "notes.txt"), Buffer.alloc(WRITTEN, 0x61));
    await box.zfs("unmount", "backup/copy");
    await box.zfs("snapshot", "tank/data@s2");
  });
  afterEach(() => box.dispose());

  const refusal = [
    "🚨 tank/data: Target backup/copy on localhost was modified since @s1 (12 KiB written), " +
      "so ZFS would refuse to receive tank/data's newer snapshots onto it.",
    "    See what changed with `zfs diff backup/copy@s1`. To discard the changes and continue from @s1, " +
      "rerun with --allow-rollback (it runs `zfs rollback backup/copy@s1`). " +
      "Keep backups unchanged with `zfs set readonly=on backup/copy`.",
  ];

  it("is refused with a typed conflict before anything is sent, and the change is kept", async () => {
    const result = await box.zrelay(...SYNC, "-q");

    expect(result).toEqual({ code: 1, stdout: [], stderr: refusal });
    expect(await box.snapshots("backup/copy")).toEqual(["backup/copy@s1"]);
    expect(await box.zfs("get", "-H", "-p", "-o", "value", "written", "backup/copy")).toBe(String(WRITTEN));

    const json = await box.zrelay(...SYNC, "--json");
    const [error] = json.stdout.map((line) => JSON.parse(line)).filter((event) => event.event === "error");
    expect(error).toMatchObject({
      code: "DESTINATION_MODIFIED",
      target: "backup/copy",
      conflict: { kind: "modified", latest: { name: "s1" }, written: WRITTEN },
    });
    expect(json.stdout.some((line) => JSON.parse(line).event === "step")).toBe(false);
  });

  it("plan shows the refusal, and with --allow-rollback names the rollback; the run then succeeds", async () => {
    expect(await box.zrelay("plan", ...SYNC)).toEqual({
      code: 1,
      stdout: [
        "* sync tank/data backup/copy: 1 dataset",
        "* 1 dataset: 0 to replicate, 0 up to date, 1 failing; nothing was changed",
      ],
      stderr: refusal,
    });

    expect(await box.zrelay("plan", ...SYNC, "--allow-rollback")).toEqual({
      code: 0,
      stdout: [
        "* sync tank/data backup/copy: 1 dataset",
        "* tank/data → backup/copy:",
        "*   ROLLBACK backup/copy to @s1, DESTROYING the 12 KiB written since its latest snapshot",
        "*   incremental -I @s1 → @s2: @s2",
        "*   note: backup/copy was modified since @s1 (12 KiB written); rolling it back to @s1 discards that (--allow-rollback)",
        "* 1 dataset: 1 to replicate, 0 up to date, 0 failing; nothing was changed",
      ],
      stderr: [],
    });

    const run = await box.zrelay(...SYNC, "--allow-rollback");
    expect(run.code).toBe(0);
    expect(withoutSizes(run.stdout)).toEqual([
      "* sync tank/data backup/copy: 1 dataset",
      "* tank/data: 1 snapshot, <n> KiB in <t>",
      "* 1 dataset: 1 replicated, 0 up to date, 0 failed; <n> KiB in <t>",
    ]);
    expect(await box.snapshots("backup/copy")).toEqual(["backup/copy@s1", "backup/copy@s2"]);
    expect(await box.zfs("get", "-H", "-p", "-o", "value", "written", "backup/copy")).toBe("0");
  });
});
