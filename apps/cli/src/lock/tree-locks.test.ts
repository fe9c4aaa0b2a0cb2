import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@zrelay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatasetTree } from "../job/dataset-trees.js";
import { processStartTicks } from "./process-liveness.js";
import { lockFileName } from "./run-lock.js";
import { acquireTreeLocks, treeLockName } from "./tree-locks.js";

const target = (dataset: string, machine = "localhost"): DatasetTree => ({
  machine,
  dataset,
  role: "target",
});

describe("acquireTreeLocks", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "zrelay-tree-lock-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const me = {
    pid: process.pid,
    startedAt: "2026-01-03T02:30:00.000Z",
    processStart: processStartTicks(process.pid),
  };
  const lock = (trees: DatasetTree[]) => acquireTreeLocks(trees, { directory, holder: me });
  const heldBy = (name: string, mine: string) =>
    expect.objectContaining({
      code: ErrorCode.LOCK_HELD,
      message: `Another zrelay run holds the lock of ${name} (PID ${process.pid}, started ${me.startedAt}), which overlaps ${mine}.`,
    });

  it("excludes a tree inside or around a held one on the same machine, not a sibling or another machine", async () => {
    const held = await lock([target("backup/a/b")]);
    await expect(lock([target("backup/a/b/c")])).rejects.toEqual(
      heldBy("target localhost backup/a/b", "target localhost backup/a/b/c"),
    );
    await expect(lock([target("backup/a")])).rejects.toEqual(
      heldBy("target localhost backup/a/b", "target localhost backup/a"),
    );
    await expect(lock([target("backup/a/b")])).rejects.toMatchObject({
      message: `Another zrelay run holds the lock of target localhost backup/a/b (PID ${process.pid}, started ${me.startedAt}).`,
    });
    const sibling = await lock([target("backup/a/c"), target("backup/a/bc")]);
    const elsewhere = await lock([target("backup/a/b", "host-albion")]);
    expect(readdirSync(directory).sort()).toEqual(
      [
        "target localhost backup/a/b",
        "target localhost backup/a/c",
        "target localhost backup/a/bc",
        "target host-albion backup/a/b",
      ]
        .map(lockFileName)
        .sort(),
    );
    for (const each of [held, sibling, elsewhere]) each.release();
    expect(readdirSync(directory)).toEqual([]);
  });

  it("takes all trees or none: one held tree leaves no lock of the others behind", async () => {
    const held = await lock([target("backup/x")]);
    await expect(lock([target("backup/w"), target("backup/x/y")])).rejects.toMatchObject({
      code: ErrorCode.LOCK_HELD,
    });
    expect(readdirSync(directory)).toEqual([lockFileName("target localhost backup/x")]);
    held.release();
  });

  it("two runs starting together: the one that scanned first wins, the other sees its lock", async () => {
    let second: Promise<unknown> | undefined;
    const first = await acquireTreeLocks([target("backup/hs")], {
      directory,
      holder: me,
      // The first run has scanned and found nothing, and has not written its lock yet:
      // the second starts now, and must wait for the guard rather than scan too.
      afterScan: () =>
        new Promise<void>((guardSeenBusy) => {
          second = acquireTreeLocks([target("backup/hs/tank")], {
            directory,
            holder: me,
            onGuardBusy: guardSeenBusy,
          });
        }),
    });
    await expect(second).rejects.toEqual(
      heldBy("target localhost backup/hs", "target localhost backup/hs/tank"),
    );
    first.release();
  });

  it("removes the lock of a run that no longer runs, and says so", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid ?? 999_999;
    const stale = join(directory, lockFileName(treeLockName(target("backup/hs"))));
    writeFileSync(stale, JSON.stringify({ pid: dead, startedAt: "yesterday", tree: target("backup/hs") }));
    const heard: string[] = [];
    const taken = await acquireTreeLocks([target("backup/hs/tank")], {
      directory,
      holder: me,
      onTakeover: (holder, path) => heard.push(`${holder?.pid} ${path}`),
    });
    expect(heard).toEqual([`${dead} ${stale}`]);
    expect(readdirSync(directory)).toEqual([lockFileName("target localhost backup/hs/tank")]);
    taken.release();
  });
});
