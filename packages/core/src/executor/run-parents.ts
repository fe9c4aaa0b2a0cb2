import { ancestorsOf } from "../names/dataset-hierarchy.js";

/**
 * For each target name, the index of its nearest ancestor among `targets`
 * (component-wise: `backup/tank` is the parent of `backup/tank/data`, not of
 * `backup/tankx`), or undefined when none of them is an ancestor.
 */
export function nearestParents(targets: readonly string[]): (number | undefined)[] {
  const indexByName = new Map<string, number>();
  targets.forEach((name, index) => {
    if (!indexByName.has(name)) indexByName.set(name, index);
  });
  return targets.map((name) =>
    ancestorsOf(name)
      .reverse()
      .map((ancestor) => indexByName.get(ancestor))
      .find((index) => index !== undefined),
  );
}
