/**
 * A snapshot or bookmark as zrelay sees it. `guid` identifies the same point in
 * time on every pool it was replicated to; names can differ or be reused, so
 * matching is always by guid. guid and createtxg are 64-bit: always bigint.
 */
interface PointInTime {
  /** Dataset that holds it, e.g. `tank/data`. */
  readonly dataset: string;
  /** Short name after `@` or `#`, e.g. `daily-2026-01-03`. */
  readonly name: string;
  readonly guid: bigint;
  /** Transaction group that created it: orders snapshots within a dataset. */
  readonly createtxg: bigint;
  /** Creation time, seconds since the epoch. */
  readonly creation: number;
}

export interface Snapshot extends PointInTime {
  readonly kind: "snapshot";
  /** Number of `zfs hold`s (`userrefs`), when the listing read it; a held snapshot cannot be destroyed. */
  readonly userrefs?: number;
}

export interface Bookmark extends PointInTime {
  readonly kind: "bookmark";
}

export type SnapshotOrBookmark = Snapshot | Bookmark;

/** `tank/data@daily` or `tank/data#daily`. */
export function fullName(point: SnapshotOrBookmark): string {
  return `${point.dataset}${point.kind === "snapshot" ? "@" : "#"}${point.name}`;
}

/** Oldest first, as `zfs list -s createtxg` would print them. */
export function byCreatetxg(a: SnapshotOrBookmark, b: SnapshotOrBookmark): number {
  return a.createtxg < b.createtxg ? -1 : a.createtxg > b.createtxg ? 1 : 0;
}
