import { writeFileSync } from "node:fs";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliSandbox } from "./cli-sandbox.js";
import { at, oneTreeSandbox, own, shortNames } from "./simulated-days.js";

// Retention through the built CLI on the zfs emulator, over simulated days: the
// emulator's clock (ZRELAY_FAKE_ZFS_NOW) dates each snapshot, zrelay buckets them in
// UTC (TZ=UTC) and prunes after each run, the target first, then the source.

const CONFIG = `jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
    prune-target:
      keep: { latest: 2, daily: 3 }
    prune-source:
      keep: { latest: 2 }
`;

describe("retention on both sides, through the zfs emulator", { timeout: 120_000 }, () => {
  let box: CliSandbox;
  let config: string;

  /** A snapshot of `dataset` taken at that simulated time. */
  const snapshotAt = (dataset: string, name: string, time: string) =>
    execa("zfs", ["snapshot", `${dataset}@${name}`], {
      env: { ...box.env, ZRELAY_FAKE_ZFS_NOW: time },
      extendEnv: true,
    });
  const day = async (dataset: string, d: number) => {
    await snapshotAt(dataset, own(d, 0), at(d, 0));
    await snapshotAt(dataset, own(d, 12), at(d, 12));
  };
  const names = (dataset: string) => shortNames(box, dataset);

  beforeEach(async () => {
    ({ box, config } = await oneTreeSandbox(CONFIG));
  });
  afterEach(() => box.dispose());

  it("keeps exactly what the rules say on each side, day after day, and every next run is incremental", async () => {
    await snapshotAt("tank/data", "before-zrelay", "2026-10-30T08:00:00Z");
    for (let d = 1; d <= 6; d++) {
      await day("tank/data", d);
      const result = await box.zrelay("run", "nightly", "--config", config, "--debug");
      expect(result.code, result.stderr.join("\n")).toBe(0);
      if (d > 1) {
        // The base survived the previous run's pruning on both sides: an -I from it.
        expect(result.stdout).toContain(
          `ℹ️ localhost: zfs send -L -e -c -I tank/data@${own(d - 1, 12)} tank/data@${own(d, 12)}`,
        );
      }
      // Target: latest 2 (today's two) and daily 3 (the newest of the last three days).
      const daily = [d - 2, d - 1].filter((n) => n >= 1).map((n) => own(n, 12));
      expect(await names("backup/data")).toEqual(["before-zrelay", ...daily, own(d, 0), own(d, 12)]);
      // Source: latest 2; the snapshot zrelay did not make is never touched.
      expect(await names("tank/data")).toEqual(["before-zrelay", own(d, 0), own(d, 12)]);
      const prunedTarget = d === 3 ? [own(2, 0)] : d > 3 ? [own(d - 3, 12), own(d - 1, 0)] : [];
      if (prunedTarget.length > 0) {
        const list = prunedTarget.map((name) => `@${name}`).join(", ");
        const count = prunedTarget.length === 1 ? "1 snapshot" : `${prunedTarget.length} snapshots`;
        expect(result.stdout).toContain(
          `* prune target backup/data on localhost: destroyed ${count} (${list})`,
        );
        expect(result.stdout).toContain(`ℹ️ localhost: zfs destroy backup/data@${prunedTarget.join(",")}`);
      }
    }
  });

  it("plan and --dry-run show every snapshot a prune would destroy, with its reason, and change nothing", async () => {
    await day("tank/data", 1);
    await day("tank/data", 2);
    await day("tank/data", 3);
    expect((await box.zrelay("run", "nightly", "--config", config, "--quiet")).code).toBe(0);
    await day("tank/data", 4);
    const before = { source: await names("tank/data"), target: await names("backup/data") };

    const plan = await box.zrelay("plan", "nightly", "--config", config);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toEqual([
      "* nightly: 1 dataset",
      "* tank/data → backup/data:",
      `*   incremental -I @${own(3, 12)} → @${own(4, 12)}: @${own(4, 0)}, @${own(4, 12)}`,
      "* prune target backup/data on localhost: destroy 2 of 6 snapshots (keep latest 2, daily 3; match zrelay_nightly_????-??-??T*)",
      `*   DESTROY @${own(1, 12)}: older than the rules keep (latest 2, daily 3)`,
      `*   DESTROY @${own(3, 0)}: daily 2026-11-03 keeps the newer @${own(3, 12)}`,
      "* prune source tank/data on localhost, once it replicated: destroy 2 of 4 snapshots (keep latest 2; match zrelay_nightly_????-??-??T*)",
      `*   DESTROY @${own(3, 0)}: older than the rules keep (latest 2)`,
      `*   DESTROY @${own(3, 12)}: older than the rules keep (latest 2)`,
      "* 1 dataset: 1 to replicate, 0 up to date, 0 failing; 4 snapshots to prune; nothing was changed",
    ]);
    const dryRun = await box.zrelay(
      "sync",
      "tank/data",
      "backup/data",
      "--dry-run",
      "--prune-target",
      "latest=1,match=zrelay_nightly_*",
    );
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(
      "* prune target backup/data on localhost: destroy 5 of 6 snapshots (keep latest 1; match zrelay_nightly_*)",
    );
    expect({ source: await names("tank/data"), target: await names("backup/data") }).toEqual(before);
  });

  it("--json emits one prune event per dataset and side, and the summary counts the pruned snapshots", async () => {
    await day("tank/data", 1);
    await day("tank/data", 2);
    const { code, stdout } = await box.zrelay("run", "nightly", "--config", config, "--json");
    expect(code).toBe(0);
    const events = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    const prunes = events.filter((e) => e.event === "prune");
    expect(
      prunes.map((e) => [
        e.side,
        e.dataset,
        e.destroyed,
        (e.destroy as { name: string }[]).map((s) => s.name),
      ]),
    ).toEqual([
      ["target", "backup/data", true, [own(1, 0)]],
      ["source", "tank/data", true, [own(1, 0), own(1, 12)]],
    ]);
    expect(prunes[0]?.destroy).toEqual([
      expect.objectContaining({ name: own(1, 0), reason: `daily 2026-11-01 keeps the newer @${own(1, 12)}` }),
    ]);
    expect(events.at(-1)).toMatchObject({ event: "summary", pruned: 3 });
  });

  it("a snapshot with someone else's hold survives the rules, with the reason in --debug", async () => {
    await day("tank/data", 1);
    await day("tank/data", 2);
    expect((await box.zrelay("run", "nightly", "--config", config, "--quiet")).code).toBe(0);
    // Held before the rules reach it: kept, with the reason.
    await box.zfs("hold", "restore-test", `backup/data@${own(2, 0)}`);
    await day("tank/data", 3);
    await day("tank/data", 4);
    const result = await box.zrelay("run", "nightly", "--config", config, "--debug");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ℹ️ backup/data: keep @${own(2, 0)}: held (1 hold)`);
    expect(await names("backup/data")).toEqual([own(2, 0), own(2, 12), own(3, 12), own(4, 0), own(4, 12)]);
  });

  it("prunes no dataset that failed, on either side, while its siblings still prune", async () => {
    await box.zfs("create", "tank/data/a");
    await box.zfs("create", "tank/data/b");
    for (const d of [1, 2]) for (const child of ["a", "b"]) await day(`tank/data/${child}`, d);
    const flags = ["--prune-target", "latest=1,match=zrelay_*", "--prune-source", "latest=1,match=zrelay_*"];
    expect((await box.zrelay("sync", "tank/data", "backup/data", ...flags, "--quiet")).code).toBe(0);
    expect(await names("backup/data/a")).toEqual([own(2, 12)]);
    // Someone snapshots the target of b: it diverged, so b fails and nothing of b is pruned.
    for (const child of ["a", "b"]) await day(`tank/data/${child}`, 3);
    await box.zfs("snapshot", "backup/data/b@local-change");
    const targetB = await names("backup/data/b");
    const result = await box.zrelay("sync", "tank/data", "backup/data", ...flags);
    expect(result.code).toBe(1);
    expect(result.stderr.join("\n")).toMatch(/tank\/data\/b: .*local-change/);
    expect(await names("backup/data/a")).toEqual([own(3, 12)]);
    expect(await names("tank/data/a")).toEqual([own(3, 12)]);
    expect(await names("backup/data/b")).toEqual(targetB);
    expect(await names("tank/data/b")).toEqual([own(2, 12), own(3, 0), own(3, 12)]);
  });

  it("refuses rules that keep nothing or do not parse, before touching anything", async () => {
    await day("tank/data", 1);
    const bad = await box.zrelay("sync", "tank/data", "backup/data", "--prune-target", "daily=thirty");
    expect(bad.code).toBe(2);
    expect(bad.stderr.join("\n")).toContain("--prune-target: daily needs a whole number, got 'thirty'");
    const none = await box.zrelay("sync", "tank/data", "backup/data", "--prune-target", "latest=0");
    expect(none.code).toBe(2);
    expect(none.stderr.join("\n")).toContain("keeps nothing");
    writeFileSync(config, CONFIG.replace("keep: { latest: 2 }", "keep: { lastest: 2 }"));
    const typo = await box.zrelay("run", "--config", config);
    expect(typo.code).toBe(2);
    expect(typo.stderr.join("\n")).toMatch(/prune-source\.keep\.lastest.*unknown count 'lastest'/);
    expect(await box.snapshots("backup")).toEqual([]);
  });

  it("keeps what another config job sending from the same dataset needs, by its chain bookmark, and prunes nothing without one", async () => {
    await box.zpool("create", "offsite");
    writeFileSync(
      config,
      `${CONFIG}  offsite:
    kind: sync
    from: backup/data
    to: offsite/data
`,
    );
    for (const d of [1, 2, 3]) await day("tank/data", d);
    const first = await box.zrelay("run", "nightly", "--config", config);
    expect(first.code).toBe(0);
    expect(first.stderr).toEqual([
      "🚨 warning: backup/data on localhost not pruned: job offsite also replicates it and no zrelay bookmark (#zrelay_…) marks its base yet; run it once, then this job prunes it",
    ]);
    expect(await names("backup/data")).toHaveLength(6);
    // The offsite job's chain bookmark marks what it last sent: that snapshot stays.
    await box.zfs("bookmark", `backup/data@${own(1, 0)}`, `backup/data#zrelay_offsite_${own(1, 0)}`);
    await day("tank/data", 4);
    const second = await box.zrelay("run", "nightly", "--config", config, "--debug");
    expect([second.code, second.stderr]).toEqual([0, []]);
    expect(second.stdout).toContain(
      `ℹ️ backup/data: keep @${own(1, 0)}: base of zrelay's chain bookmark #zrelay_offsite_${own(1, 0)}`,
    );
    expect(await names("backup/data")).toEqual([own(1, 0), own(2, 12), own(3, 12), own(4, 0), own(4, 12)]);
  });
});
