/**
 * Parent/child relations between dataset names. These take names that were
 * already validated and never throw; they compare whole components, so
 * `tank/data2` is not under `tank/data`.
 */

/** Pool of a dataset, snapshot or bookmark name: `tank` for `tank/data@daily`. */
export function poolOf(name: string): string {
  const end = name.search(/[/@#]/);
  return end === -1 ? name : name.slice(0, end);
}

/** `tank/data` for `tank/data/home`; undefined for a pool's root dataset. */
export function parentOf(dataset: string): string | undefined {
  const slash = dataset.lastIndexOf("/");
  return slash === -1 ? undefined : dataset.slice(0, slash);
}

/** Every ancestor, pool first, without the dataset itself: `tank`, `tank/a` for `tank/a/b`. */
export function ancestorsOf(dataset: string): string[] {
  const ancestors: string[] = [];
  for (let slash = dataset.indexOf("/"); slash !== -1; slash = dataset.indexOf("/", slash + 1)) {
    ancestors.push(dataset.slice(0, slash));
  }
  return ancestors;
}

/** True when `child` is strictly below `ancestor` (a child, grandchild…), never itself. */
export function isDescendantOf(child: string, ancestor: string): boolean {
  return child.length > ancestor.length + 1 && child.startsWith(ancestor) && child[ancestor.length] === "/";
}

/** Number of `/` in a dataset name: 0 for a pool's root dataset. */
export function depthOf(dataset: string): number {
  let depth = 0;
  for (const char of dataset) if (char === "/") depth++;
  return depth;
}
