import type { Snapshot } from "./snapshot.js";

/**
 * Snapshots as messages and plans name them: `@a, @b`, or with `guids`
 * `@a (guid 1), @b (guid 2)` where names alone could mislead (a recreated
 * snapshot has an old name but a new guid).
 */
export function snapshotListText(
  snapshots: readonly Pick<Snapshot, "name" | "guid">[],
  options: { readonly guids?: boolean } = {},
): string {
  return snapshots
    .map((snapshot) => (options.guids ? `@${snapshot.name} (guid ${snapshot.guid})` : `@${snapshot.name}`))
    .join(", ");
}
