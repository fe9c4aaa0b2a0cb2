/** What a glob of the `exclude` family is matched against. */
export type PatternTarget = "dataset" | "snapshot";

/**
 * Why `pattern` cannot be what the user meant, or undefined. Dataset patterns
 * match full dataset names, snapshot patterns the short name after `@`, so an
 * `@` in either is a mistake worth stopping for. `snapshotOptions` names the
 * snapshot settings as the user writes them (config keys or flags).
 */
export function patternProblem(
  pattern: string,
  matches: PatternTarget,
  snapshotOptions: string,
): string | undefined {
  if (!pattern.includes("@")) return undefined;
  const what =
    matches === "dataset"
      ? `patterns match dataset names (tank/tmp), not snapshots; use ${snapshotOptions} for those`
      : `patterns match the snapshot's short name after '@', e.g. '${pattern.slice(pattern.lastIndexOf("@") + 1) || "daily-*"}'`;
  return `'${pattern}': ${what}`;
}
