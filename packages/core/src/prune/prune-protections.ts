import type { ResumeTokenInfo } from "../model/resume-token.js";
import type { Bookmark, Snapshot } from "../model/snapshot.js";
import type { PruneProtection } from "./prune-planner.js";

/** What a dataset's protections are read from, on the side being pruned. */
export interface ProtectionInput {
  /** The dataset's snapshots on this side. */
  readonly snapshots: readonly Snapshot[];
  /** Its bookmarks on this side: zrelay's chain bookmarks mark what each route replicated last. */
  readonly bookmarks: readonly Bookmark[];
  /** The same dataset on the other side of the job, as it is (or will be, in a plan) after replication. */
  readonly counterpart: { readonly name: string; readonly snapshots: readonly Snapshot[] };
  /** An interrupted receive on the target, if any. */
  readonly resumeToken?: ResumeTokenInfo | undefined;
}

/** Short-name prefix of every bookmark zrelay leaves to keep a chain (push and pull routes). */
export const ZRELAY_BOOKMARK_PREFIX = "zrelay_";

/**
 * The snapshots replication still needs, by guid: the newest one both sides
 * have (the next incremental's base), the snapshot of every zrelay chain
 * bookmark on this dataset (each route's, so another job's base survives this
 * job's rules), and both ends of an interrupted receive.
 */
export function pruneProtections(input: ProtectionInput): PruneProtection[] {
  const protections: PruneProtection[] = [];
  const other = new Set(input.counterpart.snapshots.map((snapshot) => snapshot.guid));
  let newestCommon: Snapshot | undefined;
  for (const snapshot of input.snapshots) {
    if (
      other.has(snapshot.guid) &&
      (newestCommon === undefined || snapshot.createtxg > newestCommon.createtxg)
    )
      newestCommon = snapshot;
  }
  if (newestCommon !== undefined)
    protections.push({
      guid: newestCommon.guid,
      reason: `newest snapshot common with ${input.counterpart.name} (the next incremental's base)`,
    });
  for (const bookmark of input.bookmarks) {
    if (bookmark.name.startsWith(ZRELAY_BOOKMARK_PREFIX))
      protections.push({ guid: bookmark.guid, reason: `base of zrelay's chain bookmark #${bookmark.name}` });
  }
  const token = input.resumeToken;
  if (token !== undefined) {
    protections.push({
      guid: token.toGuid,
      reason: `being received (interrupted receive of ${token.toName})`,
    });
    if (token.fromGuid !== undefined)
      protections.push({
        guid: token.fromGuid,
        reason: `base of the interrupted receive of ${token.toName}`,
      });
  }
  return protections;
}
