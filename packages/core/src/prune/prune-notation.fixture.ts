/**
 * Test-only notation for prune tables (not exported from the package).
 *
 * `"a@12-01T10 b@12-01T11:30 c@12-02T00!"`: snapshot a created 2026-12-01 10:00 UTC,
 * b at 11:30, c at midnight with one hold (`!`, `!!` for two). Order in the string
 * is creation order: createtxg counts up from 1. A name matching the rules'
 * default `match` in these tables starts with `z_`.
 */
import type { Snapshot } from "../model/snapshot.js";
import { calendarZone } from "./calendar-zone.js";
import { type PruneInput, type PruneProtection, planPrune } from "./prune-planner.js";
import type { KeepCounts, RetentionRules } from "./retention-rules.js";

export const DATASET = "backup/host/data";

/** A stable guid per name, so protections can name snapshots. */
export const guidFor = (name: string): bigint => {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash;
};

/** Seconds since the epoch of `MM-DDTHH[:MM]` in 2026 UTC (or `YYYY-MM-DDTHH[:MM]`). */
export function at(time: string): number {
  const full = /^\d{4}-/.test(time) ? time : `2026-${time}`;
  const withMinutes = /T\d\d$/.test(full) ? `${full}:00` : full;
  const ms = Date.parse(`${withMinutes}:00Z`);
  if (Number.isNaN(ms)) throw new Error(`bad time ${time}`);
  return ms / 1000;
}

export function snapshotsOf(spec: string): Snapshot[] {
  return spec
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word, index) => {
      const match = /^([^@]+)@([^!]+)(!*)$/.exec(word);
      if (!match) throw new Error(`bad notation ${word}`);
      const [, name = "", time = "", holds = ""] = match;
      return {
        kind: "snapshot",
        dataset: DATASET,
        name,
        guid: guidFor(name),
        createtxg: BigInt(index + 1),
        creation: at(time),
        userrefs: holds.length,
      };
    });
}

export interface PruneCase {
  readonly snapshots: string;
  readonly keep: KeepCounts;
  readonly match?: readonly string[];
  /** Default: an hour after the newest snapshot. */
  readonly now?: string;
  /** Names to protect, each with reason `protected`. */
  readonly protect?: readonly string[];
  readonly timeZone?: string;
}

export function pruneInput(c: PruneCase): PruneInput {
  const snapshots = snapshotsOf(c.snapshots);
  const rules: RetentionRules = { match: c.match ?? ["z_*"], keep: c.keep };
  const newest = Math.max(0, ...snapshots.map((s) => s.creation));
  const protections: PruneProtection[] = (c.protect ?? []).map((name) => ({
    guid: guidFor(name),
    reason: "protected",
  }));
  return {
    snapshots,
    rules,
    now: c.now === undefined ? newest + 3600 : at(c.now),
    zone: calendarZone(c.timeZone ?? "UTC"),
    protections,
  };
}

/** `["keep a b", "destroy c"]`: the verdict in two lines, names oldest first. */
export function verdict(c: PruneCase): string[] {
  const plan = planPrune(pruneInput(c));
  const names = (decisions: readonly { snapshot: Snapshot }[]) =>
    decisions.map((d) => d.snapshot.name).join(" ");
  return [`keep ${names(plan.keep)}`.trimEnd(), `destroy ${names(plan.destroy)}`.trimEnd()];
}

/** `name: reason` per snapshot, oldest first. */
export function reasons(c: PruneCase): string[] {
  const plan = planPrune(pruneInput(c));
  return [...plan.keep.map((d) => ["keep", d] as const), ...plan.destroy.map((d) => ["destroy", d] as const)]
    .sort((a, b) => (a[1].snapshot.createtxg < b[1].snapshot.createtxg ? -1 : 1))
    .map(([verb, d]) => `${verb} ${d.snapshot.name}: ${d.reason}`);
}

/** A snapshot every hour from `from` for `hours` hours: `z_0000@…`, `z_0001@…`. */
export function hourlySpec(from: string, hours: number, prefix = "z_"): string {
  const start = at(from);
  const words: string[] = [];
  for (let hour = 0; hour < hours; hour++) {
    const iso = new Date((start + hour * 3600) * 1000).toISOString().slice(0, 16);
    words.push(`${prefix}${iso.replace(/[-:]/g, "")}@${iso}`);
  }
  return words.join(" ");
}
