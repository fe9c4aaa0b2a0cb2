import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import type { Dataset } from "../model/dataset.js";
import type { Bookmark, Snapshot, SnapshotOrBookmark } from "../model/snapshot.js";
import { ancestorsOf, isDescendantOf } from "../names/dataset-hierarchy.js";

/** What one side of a job holds under its listed roots, read in two calls per root. */
export interface SideListing {
  /** Every listed dataset by name, in listing order (parents before children per root). */
  readonly datasets: ReadonlyMap<string, Dataset>;
  /** Snapshots of each dataset (its own, not its children's), oldest first. */
  readonly snapshots: ReadonlyMap<string, Snapshot[]>;
  /** Bookmarks of each dataset, oldest first. */
  readonly bookmarks: ReadonlyMap<string, Bookmark[]>;
}

/**
 * The roots no other root covers: listing `tank` already lists `tank/data`, so
 * `tank/data` is not listed again. Order kept, duplicates dropped.
 */
export function coveringRoots(roots: Iterable<string>): string[] {
  const unique = new Set(roots);
  // Ancestor lookups keep this linear in the number of names (thousands of datasets).
  return [...unique].filter((root) => !ancestorsOf(root).some((ancestor) => unique.has(ancestor)));
}

/** True when `name` is one of `roots` or lies below one. */
export function isCoveredBy(name: string, roots: readonly string[]): boolean {
  return roots.some((root) => name === root || isDescendantOf(name, root));
}

/** What one `listDatasets` and one `listSnapshots` of a root returned. */
export interface RootListing {
  readonly datasets: readonly Dataset[];
  readonly points: readonly SnapshotOrBookmark[];
}

/** Lists one root: its two calls run together. */
export async function listRoot(endpoint: ZfsEndpoint, root: string): Promise<RootListing> {
  const [datasets, points] = await Promise.all([endpoint.listDatasets(root), endpoint.listSnapshots(root)]);
  return { datasets, points };
}

/**
 * One `listDatasets` and one `listSnapshots` per root, whatever the number of
 * datasets below it. Roots go one after the other (two commands at a time) so a
 * remote host never sees a burst of sessions.
 */
export async function listSide(endpoint: ZfsEndpoint, roots: readonly string[]): Promise<SideListing> {
  const listings: RootListing[] = [];
  for (const root of coveringRoots(roots)) listings.push(await listRoot(endpoint, root));
  return mergeListings(listings);
}

/** One side's listing from its roots' listings, in order; a dataset listed twice counts once. */
export function mergeListings(listings: readonly RootListing[]): SideListing {
  const datasets = new Map<string, Dataset>();
  const snapshots = new Map<string, Snapshot[]>();
  const bookmarks = new Map<string, Bookmark[]>();
  for (const listing of listings) {
    for (const dataset of listing.datasets)
      if (!datasets.has(dataset.name)) datasets.set(dataset.name, dataset);
    for (const point of listing.points) addPoint(point, snapshots, bookmarks);
  }
  return { datasets, snapshots, bookmarks };
}

function addPoint(
  point: SnapshotOrBookmark,
  snapshots: Map<string, Snapshot[]>,
  bookmarks: Map<string, Bookmark[]>,
): void {
  if (point.kind === "snapshot") pushTo(snapshots, point.dataset, point);
  else pushTo(bookmarks, point.dataset, point);
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
