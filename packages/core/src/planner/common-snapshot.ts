import type { Bookmark, Snapshot } from "../model/snapshot.js";

/** Where the target and the source last agreed, matched by guid. */
export interface IncrementalBase {
  /** The target's copy of that point in time. */
  readonly onTarget: Snapshot;
  /** What the source can send from: the same snapshot, or a bookmark of it when it was pruned. */
  readonly onSource: Snapshot | Bookmark;
}

/**
 * The target's newest snapshot whose guid the source still has, as a snapshot or,
 * failing that, a bookmark. Names are never compared: a renamed snapshot is the same
 * point in time, a recreated one with an old name is not.
 *
 * `targetSnapshots` must be oldest first. Every source snapshot counts here, even
 * ones the include/exclude patterns leave out: a base is only read from, never sent.
 */
export function findIncrementalBase(
  targetSnapshots: readonly Snapshot[],
  sourceSnapshots: readonly Snapshot[],
  sourceBookmarks: readonly Bookmark[],
): IncrementalBase | undefined {
  for (const onTarget of [...targetSnapshots].reverse()) {
    const onSource =
      sourceSnapshots.find((snapshot) => snapshot.guid === onTarget.guid) ??
      sourceBookmarks.find((bookmark) => bookmark.guid === onTarget.guid);
    if (onSource) return { onTarget, onSource };
  }
  return undefined;
}
