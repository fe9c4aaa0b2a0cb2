import type { Snapshot } from "../model/snapshot.js";
import { matchesAnyGlob } from "../names/name-glob.js";
import type { CalendarZone } from "./calendar-zone.js";
import {
  keepCountsText,
  RETENTION_PERIODS,
  type RetentionPeriod,
  type RetentionRules,
} from "./retention-rules.js";

/** A snapshot that must survive whatever the rules say, and why (`newest common with backup/x`). */
export interface PruneProtection {
  readonly guid: bigint;
  readonly reason: string;
}

/** Everything `planPrune` decides from: one dataset's snapshots, on one side. */
export interface PruneInput {
  /** Every snapshot of the dataset, in any order; `userrefs` read where the listing had it. */
  readonly snapshots: readonly Snapshot[];
  readonly rules: RetentionRules;
  /** Seconds since the epoch. Snapshots created after it are kept (a clock set wrong is no reason to lose them). */
  readonly now: number;
  /** Whose calendar the period buckets follow. */
  readonly zone: CalendarZone;
  /** Snapshots to keep by guid, with the reason: the incremental base, a resume token's base, … */
  readonly protections: readonly PruneProtection[];
}

/** One snapshot and why it is kept or destroyed. */
export interface PruneDecision {
  readonly snapshot: Snapshot;
  /** `daily 2026-12-03`, `newest snapshot of the dataset`, `daily 2026-12-03 keeps @zrelay_…`. */
  readonly reason: string;
}

/** The verdict on one dataset: both lists oldest first (by createtxg). */
export interface PrunePlan {
  readonly keep: readonly PruneDecision[];
  readonly destroy: readonly PruneDecision[];
}

/**
 * Which snapshots of one dataset retention destroys. Pure: the same input gives
 * the same plan. Kept, always: the dataset's newest snapshot, every snapshot with
 * a hold, every protected guid, every snapshot created after `now`, and every
 * snapshot `rules.match` does not govern. Of the governed rest, a snapshot
 * survives when one count keeps it: `latest` the N newest, each period the newest
 * of each of the N most recent buckets that have one (see `RetentionRules`).
 * Pruning what this keeps again destroys nothing.
 */
export function planPrune(input: PruneInput): PrunePlan {
  const { rules, zone } = input;
  const newestFirst = [...input.snapshots].sort((a, b) =>
    a.createtxg > b.createtxg ? -1 : a.createtxg < b.createtxg ? 1 : 0,
  );
  const reasons = new Map<Snapshot, string[]>();
  const keep = (snapshot: Snapshot, reason: string) => {
    const list = reasons.get(snapshot);
    if (list === undefined) reasons.set(snapshot, [reason]);
    else list.push(reason);
  };
  const protectedGuids = new Map<bigint, string[]>();
  for (const protection of input.protections) {
    const list = protectedGuids.get(protection.guid) ?? [];
    if (!list.includes(protection.reason)) list.push(protection.reason);
    protectedGuids.set(protection.guid, list);
  }

  const governed: Snapshot[] = [];
  newestFirst.forEach((snapshot, index) => {
    if (index === 0) keep(snapshot, "newest snapshot of the dataset");
    for (const reason of protectedGuids.get(snapshot.guid) ?? []) keep(snapshot, reason);
    const holds = snapshot.userrefs ?? 0;
    if (holds > 0) keep(snapshot, `held (${holds} hold${holds === 1 ? "" : "s"})`);
    if (snapshot.creation > input.now) keep(snapshot, "created after now (is a clock ahead?)");
    if (matchesAnyGlob(snapshot.name, rules.match)) governed.push(snapshot);
    else keep(snapshot, `not governed (match: ${rules.match.join(", ")})`);
  });

  const latest = rules.keep.latest ?? 0;
  for (const [index, snapshot] of governed.slice(0, latest).entries())
    keep(snapshot, `latest ${index + 1} of ${latest}`);

  // Per period: the bucket of each governed snapshot that a newer one keeps, for the destroy reasons.
  // Labels are made only for the snapshots destroyed, at the end: most snapshots need none.
  const keptBy = new Map<Snapshot, { period: RetentionPeriod; by: Snapshot }>();
  for (const period of RETENTION_PERIODS) {
    const count = rules.keep[period] ?? 0;
    if (count === 0) continue;
    let bucket: number | undefined;
    let representative: Snapshot | undefined;
    let kept = 0;
    for (const snapshot of governed) {
      const current = zone.bucketOf(period, snapshot.creation);
      if (current !== bucket) {
        if (kept === count) break;
        bucket = current;
        representative = snapshot;
        kept++;
        keep(snapshot, `${period} ${zone.bucketLabel(period, snapshot.creation)}`);
      } else if (representative !== undefined && !keptBy.has(snapshot)) {
        keptBy.set(snapshot, { period, by: representative });
      }
    }
  }

  const kept: PruneDecision[] = [];
  const destroyed: PruneDecision[] = [];
  const rulesText = keepCountsText(rules.keep);
  for (const snapshot of newestFirst.reverse()) {
    const why = reasons.get(snapshot);
    if (why !== undefined) {
      kept.push({ snapshot, reason: why.join("; ") });
      continue;
    }
    const bucket = keptBy.get(snapshot);
    destroyed.push({
      snapshot,
      reason:
        bucket === undefined
          ? `older than the rules keep (${rulesText})`
          : `${bucket.period} ${zone.bucketLabel(bucket.period, snapshot.creation)} keeps the newer @${bucket.by.name}`,
    });
  }
  return { keep: kept, destroy: destroyed };
}
