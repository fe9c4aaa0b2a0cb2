import { ancestorsOf, isDescendantOf } from "../names/dataset-hierarchy.js";
import { matchesGlob } from "../names/name-glob.js";
import { parseDatasetName } from "../names/zfs-name-parser.js";

/** The datasets a run covers, and what the user should hear about. */
export interface ExpandedRoots {
  /**
   * Every root and its descendants, each once, parents always before their
   * children: in listing order, with each subtree kept together like `zfs list -r`.
   */
  readonly datasets: string[];
  /** Roots absent from the listing (they do not exist on that host), in the order given. */
  readonly missing: string[];
  /** Datasets that were listed under a root but dropped by an exclude (subtrees included). */
  readonly excluded: string[];
  /** Exclude patterns that matched no listed dataset: likely a typo worth a warning. */
  readonly unmatchedExcludes: string[];
}

/**
 * Expands each root to itself and every listed descendant.
 *
 * @param roots Dataset names the user asked for; overlapping roots (`tank` and
 *   `tank/data`) are fine. Each must be a valid dataset name (INVALID_NAME otherwise).
 * @param listed Every dataset name the caller listed, e.g. the concatenated
 *   output of one `zfs list -r` per root; order is kept, duplicates are ignored.
 * @param excludes Dataset-name globs (`*`, `?`, see `matchesGlob`) matched against
 *   full names. An excluded dataset takes its whole subtree with it: excluding
 *   `tank/tmp` also drops `tank/tmp/cache`. Only the root and what lies below it
 *   count; an ancestor above the root matching a pattern excludes nothing.
 */
export function expandRoots(
  roots: readonly string[],
  listed: Iterable<string>,
  excludes: readonly string[] = [],
): ExpandedRoots {
  for (const root of roots) parseDatasetName(root);
  const order = new Map<string, number>();
  for (const name of listed) if (!order.has(name)) order.set(name, order.size);

  const missing = [...new Set(roots.filter((root) => !order.has(root)))];
  const covered = [...order.keys()].filter((name) =>
    roots.some((root) => name === root || isDescendantOf(name, root)),
  );

  // Only ancestors inside the covered trees count: an exclude like `*backup*`
  // must not drop everything because the pool happens to be `backuppool`.
  const coveredSet = new Set(covered);
  const matched = new Set<string>();
  const isExcluded = (name: string): boolean => {
    let hit = false;
    for (const candidate of [...ancestorsOf(name), name]) {
      if (!coveredSet.has(candidate)) continue;
      for (const pattern of excludes) {
        if (matchesGlob(candidate, pattern)) {
          matched.add(pattern);
          hit = true;
        }
      }
    }
    return hit;
  };
  const kept: string[] = [];
  const excluded: string[] = [];
  for (const name of covered) (isExcluded(name) ? excluded : kept).push(name);

  return {
    datasets: treeOrder(kept, order),
    missing,
    excluded,
    unmatchedExcludes: excludes.filter((pattern) => !matched.has(pattern)),
  };
}

/**
 * Pre-order by listing position: a dataset sorts by the positions of its kept
 * ancestors, then its own. Parents come first even when the caller listed a
 * child's root before its parent's, and siblings keep their listing order.
 */
function treeOrder(names: readonly string[], order: ReadonlyMap<string, number>): string[] {
  const kept = new Set(names);
  const keyOf = (name: string): number[] =>
    [...ancestorsOf(name), name].filter((step) => kept.has(step)).map((step) => order.get(step) ?? 0);
  const keys = new Map(names.map((name) => [name, keyOf(name)]));
  return [...names].sort((a, b) => compareKeys(keys.get(a) ?? [], keys.get(b) ?? []));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
