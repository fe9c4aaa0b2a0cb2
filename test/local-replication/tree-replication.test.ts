import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalHost, type LocalHost, outcomes, replicateTree, snapshotLines } from "./local-host.js";

// A tree whose children keep different snapshot schedules, replicated local to
// local through the zfs emulator: real zfs processes, real pipes, the real planner and executor.
const SOURCE = "src/tree";
const TARGET = "dst/backup/tree";
const target = (source: string) => `${TARGET}${source.slice(SOURCE.length)}`;

let local: LocalHost;
/** What `file.txt` held in each source snapshot. */
let files: Map<string, string>;

async function snapshots(dataset: string, names: readonly string[]): Promise<void> {
  for (const name of names) files.set(`${dataset}@${name}`, await local.snapshot(dataset, name));
}

/** Every source snapshot arrived with its guid, and its file reads back the same on the target. */
async function expectReplicated(dataset: string): Promise<void> {
  const sent = await snapshotLines(local.source, dataset);
  expect(await snapshotLines(local.target, target(dataset)), `snapshots of ${target(dataset)}`).toEqual(sent);
  for (const line of sent) {
    const name = line.split(" ")[0];
    expect(await local.fileIn(`${target(dataset)}@${name}`)).toBe(files.get(`${dataset}@${name}`));
  }
}

beforeEach(async () => {
  local = createLocalHost();
  files = new Map();
  for (const dataset of [
    SOURCE,
    `${SOURCE}/daily`,
    `${SOURCE}/hourly`,
    `${SOURCE}/empty`,
    `${SOURCE}/empty/child`,
  ]) {
    await local.zfs("create", dataset);
  }
  await snapshots(SOURCE, ["r1"]);
  await snapshots(`${SOURCE}/daily`, ["d1", "d2"]);
  await snapshots(`${SOURCE}/hourly`, ["h1", "h2", "h3"]);
  await snapshots(`${SOURCE}/empty/child`, ["c1"]);
}, 120_000);

afterEach(() => local.dispose());

// Each run starts dozens of zfs processes: generous limits for a loaded CI machine.
describe("local-to-local replication of a tree through the zfs emulator", { timeout: 180_000 }, () => {
  it("seeds every dataset with snapshots (full, then -I), skips the one without, and still seeds its child", async () => {
    const report = await replicateTree(local, SOURCE, TARGET);
    expect(outcomes(report)).toEqual([
      `${TARGET} replicated`,
      `${TARGET}/daily replicated`,
      `${TARGET}/empty skipped`,
      `${TARGET}/empty/child replicated`,
      `${TARGET}/hourly replicated`,
    ]);
    expect(report.totals).toMatchObject({ replicated: 4, skipped: 1, failed: 0, snapshots: 7 });
    for (const dataset of [SOURCE, `${SOURCE}/daily`, `${SOURCE}/hourly`, `${SOURCE}/empty/child`]) {
      await expectReplicated(dataset);
    }
    // The parent of the child was created for it, empty and never mounted.
    expect(await snapshotLines(local.target, `${TARGET}/empty`)).toEqual([]);
    expect((await local.zfs("get", "-H", "-o", "value", "canmount", `${TARGET}/empty`)).trim()).toBe("off");
  });

  it("brings only the new snapshots on the next run, then reports every dataset up to date", async () => {
    await replicateTree(local, SOURCE, TARGET);
    await snapshots(`${SOURCE}/daily`, ["d3"]);
    await snapshots(`${SOURCE}/hourly`, ["h4", "h5"]);

    const second = await replicateTree(local, SOURCE, TARGET);
    expect(outcomes(second)).toEqual([
      `${TARGET} up-to-date`,
      `${TARGET}/daily replicated`,
      `${TARGET}/empty skipped`,
      `${TARGET}/empty/child up-to-date`,
      `${TARGET}/hourly replicated`,
    ]);
    expect(second.totals.snapshots).toBe(3);
    await expectReplicated(`${SOURCE}/daily`);
    await expectReplicated(`${SOURCE}/hourly`);

    const third = await replicateTree(local, SOURCE, TARGET);
    expect(third.totals).toMatchObject({ upToDate: 4, skipped: 1, replicated: 0, bytes: 0 });
  });

  it("refuses a target that diverged and leaves it untouched, while the other datasets go on", async () => {
    await replicateTree(local, SOURCE, TARGET);
    await local.zfs("snapshot", `${TARGET}/daily@made-on-the-backup`);
    const before = await snapshotLines(local.target, `${TARGET}/daily`);
    await snapshots(`${SOURCE}/daily`, ["d3"]);
    await snapshots(`${SOURCE}/hourly`, ["h4"]);

    const report = await replicateTree(local, SOURCE, TARGET);
    expect(outcomes(report)).toContain(`${TARGET}/daily conflict`);
    expect(outcomes(report)).toContain(`${TARGET}/hourly replicated`);
    const daily = report.datasets.find((dataset) => dataset.target === `${TARGET}/daily`);
    expect(daily).toMatchObject({ error: { code: "CONFLICT_DIVERGED", host: "localhost" } });
    expect(await snapshotLines(local.target, `${TARGET}/daily`)).toEqual(before);
    await expectReplicated(`${SOURCE}/hourly`);
  });
});
