import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import { mapDatasets, type TargetMapper } from "../tree/target-mapping.js";
import {
  coveringRoots,
  isCoveredBy,
  listRoot,
  mergeListings,
  type RootListing,
  type SideListing,
} from "./side-listing.js";

/** The target side's listing, started before the source side's is known. */
export interface TargetListing {
  /** Resolves once every listing started early has ended, whether it worked or not. */
  readonly settled: Promise<void>;
  /**
   * The listing of `neededRoots` (covering roots of the mapped datasets): from
   * the early listings, plus one more listing per needed root none of them
   * covers. Throws the first failure, in the order of `neededRoots`.
   */
  complete(neededRoots: readonly string[]): Promise<SideListing>;
}

/**
 * Starts listing the target at the user's roots mapped, while the source is
 * still being listed: prefix, strip and rename mappings keep the tree's shape,
 * so a mapped root covers every mapped descendant and the target needs nothing
 * else. A root whose mapping fails is not listed early: the mapping reports its
 * error after the source listing, as it always did. Roots go one after the
 * other, as in `listSide`; a failure is kept for `complete`, never thrown here.
 */
export function startTargetListing(
  endpoint: ZfsEndpoint,
  sourceRoots: readonly string[],
  mapTarget: TargetMapper,
): TargetListing {
  const early = new Map<string, Promise<RootListing>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const root of coveringRoots(sourceRoots.flatMap((source) => mappedRoot(source, mapTarget)))) {
    const listing = previous.then(() => listRoot(endpoint, root));
    // Read (and its failure thrown) by `complete`, or dropped when the source fails first.
    listing.catch(() => undefined);
    early.set(root, listing);
    previous = listing.catch(() => undefined);
  }
  const settled = previous.then(() => undefined);

  return {
    settled,
    async complete(neededRoots) {
      const used = new Set<string>();
      const listings: RootListing[] = [];
      for (const needed of coveringRoots(neededRoots)) {
        const covering = [...early.keys()].find((root) => isCoveredBy(needed, [root]));
        if (covering === undefined) listings.push(await listRoot(endpoint, needed));
        else if (!used.has(covering)) {
          used.add(covering);
          listings.push(await (early.get(covering) as Promise<RootListing>));
        }
      }
      return mergeListings(listings);
    },
  };
}

/** `[target]` for a root the mapper takes, `[]` for one it refuses. */
function mappedRoot(source: string, mapTarget: TargetMapper): string[] {
  try {
    return mapDatasets([source], mapTarget).map((mapping) => mapping.target);
  } catch {
    return [];
  }
}
