import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import { parentOf } from "../names/dataset-hierarchy.js";
import { isCoveredBy } from "./side-listing.js";

/**
 * Answers "does the parent of this target dataset exist?" from what was listed,
 * asking the target host only about the parent of a listed root that is itself
 * absent: at most one extra `listDatasets` per root, and only on the run that
 * seeds it.
 */
export async function targetParentCheck(
  endpoint: ZfsEndpoint,
  listedRoots: readonly string[],
  listed: ReadonlySet<string>,
): Promise<(dataset: string) => boolean> {
  const known = new Set(listed);
  const askedAbout = new Set<string>();
  for (const root of listedRoots) {
    const parent = parentOf(root);
    if (listed.has(root) || parent === undefined) continue;
    if (isCoveredBy(parent, listedRoots) || askedAbout.has(parent)) continue;
    askedAbout.add(parent);
    for (const dataset of await endpoint.listDatasets(parent)) known.add(dataset.name);
  }
  // A pool's root dataset has no parent to create.
  return (dataset) => {
    const parent = parentOf(dataset);
    return parent === undefined || known.has(parent);
  };
}
