/**
 * What a retention rule set says: which snapshots it governs (`match`) and how
 * many of them it keeps (`keep`). Snapshots that `match` does not name are never
 * touched: a rule set is not "delete everything else".
 */

/** Calendar periods a rule can keep one snapshot of, finest first. */
export const RETENTION_PERIODS = ["hourly", "daily", "weekly", "monthly", "yearly"] as const;
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];

/** Every count a `keep:` can hold, in the order zrelay prints them. */
export const KEEP_COUNTS = ["latest", ...RETENTION_PERIODS] as const;
export type KeepCount = (typeof KEEP_COUNTS)[number];

/**
 * How many snapshots to keep. `latest: N` keeps the N newest governed snapshots;
 * `daily: N` keeps the newest governed snapshot of each of the N most recent days
 * that have one (days without a snapshot do not count), and so on. Each count
 * is applied on its own and a snapshot is kept when any of them keeps it.
 */
export type KeepCounts = { readonly [K in KeepCount]?: number };

export interface RetentionRules {
  /** Short-name globs (`*`, `?`) of the snapshots these rules govern. Never empty. */
  readonly match: readonly string[];
  readonly keep: KeepCounts;
}

/** Why `rules` cannot be applied, or undefined: a rule set must keep at least one snapshot. */
export function retentionRulesProblem(rules: RetentionRules): string | undefined {
  if (rules.match.length === 0) return "match: names no snapshots; give at least one pattern";
  for (const count of KEEP_COUNTS) {
    const value = rules.keep[count];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
      return `keep ${count} must be a whole number of 0 or more, got ${value}`;
  }
  if (!KEEP_COUNTS.some((count) => (rules.keep[count] ?? 0) > 0))
    return "keep: keeps nothing; give at least one count above 0 (e.g. latest: 24)";
  return undefined;
}

/** `latest 24, daily 30`: the counts as a user reads them, in a fixed order. */
export function keepCountsText(keep: KeepCounts): string {
  return KEEP_COUNTS.filter((count) => (keep[count] ?? 0) > 0)
    .map((count) => `${count} ${keep[count]}`)
    .join(", ");
}
