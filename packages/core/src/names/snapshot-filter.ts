import { matchesAnyGlob } from "./name-glob.js";

/** Which snapshots (or bookmarks) to consider, by short name (`daily-1`, not `tank@daily-1`). */
export interface SnapshotFilter {
  /** Globs (`*`, `?`); when non-empty, a name must match at least one. Empty or absent: all. */
  readonly include?: readonly string[];
  /** Globs; a name matching any is dropped, even when it is included. */
  readonly exclude?: readonly string[];
}

/** True when the short name `name` passes `filter`. */
export function isSnapshotSelected(name: string, filter: SnapshotFilter): boolean {
  const include = filter.include ?? [];
  if (include.length > 0 && !matchesAnyGlob(name, include)) return false;
  return !matchesAnyGlob(name, filter.exclude ?? []);
}

/**
 * The items whose short name passes `filter`, in their original order. Items are
 * short names or snapshots/bookmarks (matched on `.name`).
 */
export function selectSnapshots<T extends string | { readonly name: string }>(
  items: readonly T[],
  filter: SnapshotFilter,
): T[] {
  return items.filter((item) => isSnapshotSelected(typeof item === "string" ? item : item.name, filter));
}
