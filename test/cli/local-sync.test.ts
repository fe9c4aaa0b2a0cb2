import { readdirSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, withoutSizes } from "./cli-sandbox.js";

// The built CLI as a child process against the zfs emulator: a local tree replicated
// to a local backup pool (`sync`), in each output mode.
const SYNC = ["sync", "tank/data", "backup/copy"];

describe("zrelay sync, local to local, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-p", "tank/data/home");
    await box.zfs("create", "tank/data/mail");
    for (const snap of ["daily-1", "daily-2"]) await box.zfs("snapshot", `tank/data/home@${snap}`);
    await box.zfs("snapshot", "tank/data/mail@daily-1");
  });
  afterEach(() => box.dispose());

  it("prints short info lines and a summary, and the snapshots arrive", async () => {
    const result = await box.zrelay(...SYNC);

    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    // Handed-off streams are counted from the sender's /proc I/O counters, and the
    // emulator is a Node process whose own small writes count too: sizes are not pinned.
    expect(withoutSizes(result.stdout)).toEqual([
      "* sync tank/data backup/copy: 3 datasets",
      "* tank/data: skipped (no snapshots on source)",
      "* tank/data/home: 2 snapshots, <n> KiB in <t>",
      "* tank/data/mail: 1 snapshot, <n> KiB in <t>",
      "* 3 datasets: 2 replicated, 0 up to date, 1 skipped, 0 failed; <n> KiB in <t>",
    ]);
    expect(await box.snapshots("backup/copy")).toEqual([
      "backup/copy/home@daily-1",
      "backup/copy/home@daily-2",
      "backup/copy/mail@daily-1",
    ]);
  });

  it("prints nothing at all with --quiet when all is well, first run and next", async () => {
    expect(await box.zrelay(...SYNC, "--quiet")).toEqual({ code: 0, stdout: [], stderr: [] });
    await box.zfs("snapshot", "tank/data/home@daily-3");
    expect(await box.zrelay(...SYNC, "-q", "--debug")).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(await box.snapshots("backup/copy/home")).toContain("backup/copy/home@daily-3");
  });

  it("--debug adds the zfs commands run and the guids, each line starting with ℹ️", async () => {
    const { code, stdout } = await box.zrelay(...SYNC, "--debug");
    expect(code).toBe(0);
    expect(stdout.every((line) => line.startsWith("* ") || line.startsWith("ℹ️ "))).toBe(true);
    expect(stdout).toContain(
      "ℹ️ localhost: zfs list -H -p -o name,guid,createtxg,creation,userrefs -t snapshot,bookmark -r tank/data",
    );
    expect(stdout).toContain("ℹ️ localhost: zfs receive -u -s backup/copy/home");
    expect(stdout).toContain(
      "ℹ️ localhost: zfs send -L -e -c -I tank/data/home@daily-1 tank/data/home@daily-2",
    );
    expect(stdout.some((line) => /^ℹ️ tank\/data\/home: {3}@daily-1 \(guid \d+\)$/.test(line))).toBe(true);
  });

  it("--json prints only NDJSON events on stdout", async () => {
    const { code, stdout, stderr } = await box.zrelay(...SYNC, "--json");
    const events = stdout.map(
      (line) => JSON.parse(line) as { event: string; source?: string; outcome?: string },
    );
    expect([code, stderr]).toEqual([0, []]);
    // `progress` events come once a second while a stream runs: how many depends on the machine.
    const steady = events.filter((e) => e.event !== "progress");
    expect(steady.map((e) => [e.event, e.source, e.outcome].filter(Boolean).join(" "))).toEqual([
      "start",
      "done tank/data skipped",
      "step tank/data/home",
      "step tank/data/home",
      "step tank/data/home",
      "done tank/data/home replicated",
      "step tank/data/mail",
      "step tank/data/mail",
      "done tank/data/mail replicated",
      "summary",
    ]);
  });

  it("reports a failure on stderr only, even with --quiet, and exits 1 while the rest replicates", async () => {
    await box.zrelay(...SYNC, "-q");
    await box.zfs("snapshot", "backup/copy/home@local-change");
    await box.zfs("snapshot", "tank/data/home@daily-3");
    await box.zfs("snapshot", "tank/data/mail@daily-2");

    const result = await box.zrelay(...SYNC, "-q");

    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([
      "🚨 tank/data/home: Target backup/copy/home on localhost has diverged from tank/data/home: 1 snapshot newer " +
        "than the latest common snapshot @daily-2 that the source does not have: @local-change.",
      "    To destroy @local-change on backup/copy/home and continue from @daily-2, rerun with --allow-rollback. " +
        "To keep them, rename backup/copy/home (zfs rename) and let zrelay replicate afresh.",
    ]);
    expect(await box.snapshots("backup/copy/mail")).toContain("backup/copy/mail@daily-2");
  });

  it("--dry-run and plan print the steps and change nothing", async () => {
    for (const argv of [
      [...SYNC, "--dry-run"],
      ["plan", ...SYNC],
    ]) {
      const result = await box.zrelay(...argv);
      expect(result).toEqual({
        code: 0,
        stdout: [
          "* sync tank/data backup/copy: 3 datasets",
          "* tank/data → backup/copy: skip (no snapshots on source)",
          "* tank/data/home → backup/copy/home:",
          "*   create the missing parents of backup/copy/home (canmount=off)",
          "*   full send of @daily-1",
          "*   incremental -I @daily-1 → @daily-2: @daily-2",
          "* tank/data/mail → backup/copy/mail:",
          "*   create the missing parents of backup/copy/mail (canmount=off)",
          "*   full send of @daily-1",
          "* 3 datasets: 2 to replicate, 0 up to date, 1 skipped, 0 failing; nothing was changed",
        ],
        stderr: [],
      });
    }
    expect(await box.zfs("list", "-H", "-o", "name", "-r", "backup")).toBe("backup");
  });

  it("exits 2 for a usage error and 3 while another run holds the target's lock", async () => {
    const usage = await box.zrelay("sync", "tank/data");
    expect(usage.code).toBe(2);
    expect(usage.stderr[0]).toBe("🚨 error: missing required argument 'dst'");

    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const lockFile = (await import("../../apps/cli/src/lock/run-lock.js")).lockFileName(
      "target localhost backup/copy",
    );
    writeFileSync(
      join(box.lockDir, lockFile),
      JSON.stringify({
        pid: process.pid,
        startedAt: "2026-01-03T02:30:00.000Z",
        tree: { machine: "localhost", dataset: "backup/copy", role: "target" },
      }),
    );
    const held = await box.zrelay(...SYNC, "-q");
    expect(held.code).toBe(3);
    expect(held.stdout).toEqual([]);
    expect(held.stderr[0]).toBe(
      `🚨 Another zrelay run holds the lock of target localhost backup/copy (PID ${process.pid}, started 2026-01-03T02:30:00.000Z).`,
    );
    expect(readdirSync(box.lockDir)).toEqual([lockFile]);
  });

  it("refuses a tree replicated into itself, exit 2, before any connection and changing nothing", async () => {
    const refused = (to: string) =>
      `🚨 sync tank/data ${to}: '${to}' is 'tank/data' or inside it on the same host; a tree cannot be replicated into itself`;
    for (const to of ["tank/data/inner", "tank/data"]) {
      const result = await box.zrelay("sync", "tank/data", to);
      expect(result).toEqual({
        code: 2,
        stdout: [],
        stderr: [refused(to), "    Replicate into a dataset outside the source tree, or onto another host."],
      });
    }
    // The same remote host on both sides: refused before connecting (the name does not even resolve).
    const remote = await box.zrelay("sync", "nowhere.invalid:tank/x", "nowhere.invalid:tank/x/y", "-q");
    expect(remote.code).toBe(2);
    expect(remote.stderr[0]).toContain("'tank/x/y' is 'tank/x' or inside it on the same host");
    // A pull from this machine by name is the same machine.
    const pull = await box.zrelay("pull", "--host", "localhost", "--dest", "tank/data/pulled", "tank");
    expect(pull.code).toBe(2);
    expect(pull.stderr[0]).toBe(
      "🚨 pull localhost: 'tank/data/pulled/tank' is 'tank' or inside it on the same host; a tree cannot be replicated into itself",
    );
    expect(await box.zfs("list", "-H", "-o", "name", "-r", "tank")).toBe(
      "tank\ntank/data\ntank/data/home\ntank/data/mail",
    );
  });
});
