import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Dataset, isEncrypted } from "../model/dataset.js";
import type { ResumeTokenInfo } from "../model/resume-token.js";
import { type Bookmark, byCreatetxg, type Snapshot } from "../model/snapshot.js";
import { selectSnapshots } from "../names/snapshot-filter.js";
import type { PlanConflict } from "./plan-conflict.js";
import { incrementalEnd, type PlanInput, type PlanResult, type ReplicationPolicy } from "./plan-types.js";
import { planDataset } from "./planner.js";

// Random histories: a source that took snapshots, pruned some (keeping a bookmark or
// not), and a target that received some of them, maybe took its own, maybe has an
// interrupted receive. Whatever the planner answers must be safe and must work.

const SOURCE = "tank/data";
const TARGET = "backup/data";

const historyEntry = fc.record({
  name: fc.constantFrom("daily", "tmp"),
  onSource: fc.constantFrom("snapshot", "snapshot", "snapshot", "both", "bookmark", "gone"),
  onTarget: fc.boolean(),
});

const world = fc
  .record({
    history: fc.array(historyEntry, { minLength: 1, maxLength: 7 }),
    guids: fc.uniqueArray(fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), { minLength: 10, maxLength: 10 }),
    target: fc.constantFrom("absent", "exists"),
    targetOnly: fc.constantFrom(0, 0, 0, 1, 2),
    written: fc.constantFrom(0, 0, 0, 4096, 77824),
    parentExists: fc.boolean(),
    token: fc.option(
      fc.record({
        realistic: fc.boolean(),
        to: fc.nat({ max: 8 }),
        from: fc.option(fc.nat({ max: 8 })),
        raw: fc.boolean(),
      }),
    ),
    encrypted: fc.boolean(),
    policy: fc.record({
      allowRollback: fc.boolean(),
      forceOverwriteEmptyTarget: fc.boolean(),
      allowDecrypt: fc.boolean(),
      alwaysRaw: fc.boolean(),
      resumable: fc.constantFrom(true, true, false),
      includeSnapshots: fc.constantFrom([], [], ["daily*"]),
      excludeSnapshots: fc.constantFrom([], [], ["tmp*"]),
    }),
  })
  .map(buildInput);

interface WorldSpec {
  /** Snapshots the source took, oldest first, and where each one still is. */
  history: { name: string; onSource: string; onTarget: boolean }[];
  /** Unique guids: history entry i has guids[i]; target-only snapshots take 7 onwards. */
  guids: bigint[];
  target: string;
  targetOnly: number;
  /** The target's `written`: bytes someone wrote into it since its latest snapshot. */
  written: number;
  parentExists: boolean;
  /**
   * An interrupted receive. Realistic: of the snapshot after the newest one received
   * (full when none was), raw as this send would be. Otherwise `to`/`from` index into
   * history, maybe past it.
   */
  token: { realistic: boolean; to: number; from: number | null; raw: boolean } | null;
  encrypted: boolean;
  policy: ReplicationPolicy;
}

function buildInput(w: WorldSpec): PlanInput {
  const point = <K extends "snapshot" | "bookmark">(
    kind: K,
    dataset: string,
    name: string,
    guid: bigint,
    txg: number,
  ) =>
    ({ kind, dataset, name, guid, createtxg: BigInt(txg), creation: txg }) as K extends "snapshot"
      ? Snapshot
      : Bookmark;
  const guidAt = (index: number): bigint => w.guids[index] ?? BigInt(index + 1);
  const names = w.history.map((entry, i) => `${entry.name}-${i}`);

  const sourceSnapshots = w.history.flatMap((entry, i) =>
    entry.onSource === "snapshot" || entry.onSource === "both"
      ? [point("snapshot", SOURCE, names[i] ?? "", guidAt(i), 10 * (i + 1))]
      : [],
  );
  const bookmarks = w.history.flatMap((entry, i) =>
    entry.onSource === "bookmark" || entry.onSource === "both"
      ? [point("bookmark", SOURCE, names[i] ?? "", guidAt(i), 10 * (i + 1))]
      : [],
  );
  const received = w.history.flatMap((entry, i) =>
    entry.onTarget ? [{ name: names[i] ?? "", guid: guidAt(i) }] : [],
  );
  const own = Array.from({ length: w.targetOnly }, (_, i) => ({ name: `own-${i}`, guid: guidAt(7 + i) }));
  const targetSnapshots = [...received, ...own].map((s, i) =>
    point("snapshot", TARGET, s.name, s.guid, 1000 + i),
  );

  const exists = w.target === "exists";
  let token: ResumeTokenInfo | undefined;
  if (exists && w.token) {
    const lastReceived = w.history.findLastIndex((entry) => entry.onTarget);
    const to = w.token.realistic ? lastReceived + 1 : w.token.to;
    const from = w.token.realistic ? (lastReceived < 0 ? null : lastReceived) : w.token.from;
    token = {
      token: "1-0-0-00",
      toName: `${SOURCE}@${names[to] ?? "unknown"}`,
      toGuid: guidAt(to),
      fromGuid: from === null ? undefined : guidAt(from),
      bytes: 1n,
      raw: w.token.realistic ? w.policy.alwaysRaw || (w.encrypted && !w.policy.allowDecrypt) : w.token.raw,
    };
  }
  return {
    source: { dataset: dataset(SOURCE, w.encrypted), snapshots: sourceSnapshots, bookmarks },
    target: {
      name: TARGET,
      dataset: exists ? { ...dataset(TARGET, false), written: w.written } : undefined,
      snapshots: exists ? targetSnapshots : [],
      resumeToken: token,
      parentExists: exists || w.parentExists,
    },
    policy: w.policy,
  };
}

function dataset(name: string, encrypted: boolean): Dataset {
  return {
    name,
    type: "filesystem",
    guid: 1n,
    encryption: encrypted ? "aes-256-gcm" : "off",
    encryptionRoot: encrypted ? name : undefined,
    keyStatus: encrypted ? "available" : "none",
    canmount: "on",
    resumeToken: undefined,
  };
}

describe("planner safety invariants on random histories", () => {
  it("every plan is safe, runs on ZFS step by step, and ends at the newest selected snapshot", () => {
    fc.assert(
      fc.property(world, (input) => {
        checkOutcome(input, planDataset(input));
      }),
      { numRuns: 3000 },
    );
  });

  it("does not depend on the order snapshots and bookmarks are listed in", () => {
    fc.assert(
      fc.property(world, (input) => {
        const reversed: PlanInput = {
          ...input,
          source: {
            ...input.source,
            snapshots: [...input.source.snapshots].reverse(),
            bookmarks: [...input.source.bookmarks].reverse(),
          },
          target: { ...input.target, snapshots: [...input.target.snapshots].reverse() },
        };
        expect(planDataset(reversed)).toEqual(planDataset(input));
      }),
      { numRuns: 500 },
    );
  });
});

/** Replays the plan on a model of the target the way ZFS would accept it, step by step. */
function checkOutcome(input: PlanInput, result: PlanResult): void {
  const { source, target, policy } = input;
  const sourceSnapshots = [...source.snapshots].sort(byCreatetxg);
  const selected = selectSnapshots(sourceSnapshots, {
    include: policy.includeSnapshots,
    exclude: policy.excludeSnapshots,
  });
  const sourceTxg = new Map([...source.snapshots, ...source.bookmarks].map((p) => [p.guid, p.createtxg]));
  if (result.outcome === "conflict") {
    checkConflict(input, result, sourceTxg);
    return;
  }
  if (result.outcome === "skip") {
    expect(selected).toEqual([]);
    return;
  }

  const mustBeRaw = policy.alwaysRaw || (isEncrypted(source.dataset) && !policy.allowDecrypt);
  const token = target.resumeToken;
  const selectedGuids = new Set(selected.map((s) => s.guid));
  let exists = target.dataset !== undefined;
  // ZFS refuses an incremental receive onto a target written since its latest snapshot.
  let modified = (target.dataset?.written ?? 0) > 0;
  let onTarget = [...target.snapshots].sort(byCreatetxg).map((s) => s.guid);
  let newestSent = -1n;
  const sent = (snapshots: readonly Snapshot[], raw: boolean): void => {
    expect(raw).toBe(mustBeRaw);
    for (const snapshot of snapshots) {
      expect(selectedGuids.has(snapshot.guid)).toBe(true);
      expect(snapshot.createtxg).toBeGreaterThan(newestSent);
      newestSent = snapshot.createtxg;
      onTarget.push(snapshot.guid);
    }
  };

  for (const step of result.outcome === "replicate" ? result.steps : []) {
    switch (step.kind) {
      case "create-parents":
        expect(exists || target.parentExists).toBe(false);
        break;
      case "abort-resume":
        expect(token).toBeDefined();
        if (token?.fromGuid === undefined && onTarget.length === 0) exists = false;
        break;
      case "resume":
        expect(policy.resumable).toBe(true);
        expect(step.snapshot.guid).toBe(token?.toGuid);
        expect(step.raw).toBe(token?.raw);
        expect(onTarget.at(-1)).toBe(token?.fromGuid);
        sent([step.snapshot], step.raw);
        modified = false;
        break;
      case "rollback": {
        expect(policy.allowRollback).toBe(true);
        const keep = onTarget.indexOf(step.to.guid) + 1;
        expect(keep).toBeGreaterThan(0);
        expect(step.destroys.map((s) => s.guid)).toEqual(onTarget.slice(keep));
        expect(step.discardsWritten ?? 0).toBe(modified ? target.dataset?.written : 0);
        onTarget = onTarget.slice(0, keep);
        modified = false;
        break;
      }
      case "full":
        if (step.force) expect(policy.forceOverwriteEmptyTarget).toBe(true);
        expect(exists ? step.force && onTarget.length === 0 : !step.force).toBe(true);
        exists = true;
        modified = false;
        sent([step.snapshot], step.raw);
        break;
      case "incremental": {
        expect(exists).toBe(true);
        expect(modified).toBe(false);
        expect(onTarget.at(-1)).toBe(step.from.guid);
        expect(sourceTxg.get(step.from.guid)).toBe(step.from.createtxg);
        const between = sourceSnapshots.filter(
          (s) => s.createtxg > step.from.createtxg && s.createtxg <= incrementalEnd(step).createtxg,
        );
        if (step.intermediates) expect(step.from.kind).toBe("snapshot");
        expect(step.snapshots).toEqual(step.intermediates ? between : [incrementalEnd(step)]);
        sent(step.snapshots, step.raw);
        break;
      }
    }
  }

  expect(exists).toBe(true);
  const newestOnTarget = sourceTxg.get(onTarget.at(-1) ?? -1n);
  expect(newestOnTarget).toBeDefined();
  expect(newestOnTarget).toBeGreaterThanOrEqual(selected.at(-1)?.createtxg ?? 0n);
}

function checkConflict(input: PlanInput, conflict: PlanConflict, sourceTxg: Map<bigint, bigint>): void {
  const { target, policy } = input;
  expect(target.dataset).toBeDefined();
  switch (conflict.kind) {
    case "modified":
      expect(policy.allowRollback).toBe(false);
      expect(conflict.written).toBeGreaterThan(0);
      expect(conflict.written).toBe(target.dataset?.written);
      expect(conflict.latest.guid).toBe([...target.snapshots].sort(byCreatetxg).at(-1)?.guid);
      break;
    case "target-not-empty":
      expect(policy.forceOverwriteEmptyTarget).toBe(false);
      expect(target.snapshots).toEqual([]);
      break;
    case "no-common-snapshot":
      expect(conflict.targetSnapshots.length).toBeGreaterThan(0);
      for (const snapshot of conflict.targetSnapshots) expect(sourceTxg.has(snapshot.guid)).toBe(false);
      break;
    case "diverged":
      expect(policy.allowRollback).toBe(false);
      expect(sourceTxg.has(conflict.latestCommon.guid)).toBe(true);
      expect(conflict.targetOnly.length).toBeGreaterThan(0);
      for (const snapshot of conflict.targetOnly) {
        expect(sourceTxg.has(snapshot.guid)).toBe(false);
        expect(snapshot.createtxg).toBeGreaterThan(conflict.latestCommon.createtxg);
      }
      break;
  }
}
