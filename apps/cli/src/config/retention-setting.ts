import { KEEP_COUNTS, type KeepCount, type KeepCounts, retentionRulesProblem } from "@zrelay/core";
import { type ConfigEntry, type ConfigReader, mapEntries, scalarValue } from "./config-nodes.js";
import { readInteger, readPatternList } from "./config-values.js";
import { patternProblem } from "./pattern-rules.js";

/**
 * One side's retention as the user wrote it (`prune-target:` / `--prune-target`).
 * `match` absent means zrelay's own snapshots of the job (`zrelay_<job>_*`),
 * resolved when the job runs, since `defaults` knows no job name.
 */
export interface RetentionSetting {
  readonly keep: KeepCounts;
  readonly match?: readonly string[];
}

const EXAMPLE = "{ keep: { latest: 24, daily: 30 }, match: ['autosnap_*'] }";

/** `prune-source:` / `prune-target:` in the config file; null for `off` (a job turning a default off). */
export function readRetention(entry: ConfigEntry, reader: ConfigReader): RetentionSetting | null | undefined {
  const scalar = scalarValue(entry.node);
  if (scalar === "off" || scalar === false) return null;
  const entries = mapEntries(entry, reader, `a map like ${EXAMPLE}, or off`);
  if (entries === undefined) return undefined;
  let keep: Record<string, number> | undefined;
  let match: string[] | undefined;
  const before = reader.issues.count;
  for (const field of entries) {
    if (field.key === "keep") keep = readKeep(field, reader);
    else if (field.key === "match") match = readPatternList(field, reader, "snapshot");
    else
      reader.issues.add(field.keyOffset, field.keyPath, `unknown key '${field.key}'; allowed: keep, match`);
  }
  if (keep === undefined) {
    if (reader.issues.count === before)
      reader.issues.add(entry.offset, entry.keyPath, `missing 'keep:'; write it as ${EXAMPLE}`);
    return undefined;
  }
  const setting: RetentionSetting = match === undefined ? { keep } : { keep, match };
  const problem = retentionRulesProblem({ match: match ?? ["*"], keep });
  if (problem !== undefined) reader.issues.add(entry.offset, entry.keyPath, problem);
  return reader.issues.count > before ? undefined : setting;
}

function readKeep(entry: ConfigEntry, reader: ConfigReader): Record<string, number> | undefined {
  const counts = mapEntries(entry, reader, `a map of counts, e.g. { latest: 24, daily: 30 }`);
  if (counts === undefined) return undefined;
  const keep: Record<string, number> = {};
  for (const count of counts) {
    if (!(KEEP_COUNTS as readonly string[]).includes(count.key)) {
      reader.issues.add(
        count.keyOffset,
        count.keyPath,
        `unknown count '${count.key}'; allowed: ${KEEP_COUNTS.join(", ")}`,
      );
      continue;
    }
    const value = readInteger(count, reader, 0);
    if (value !== undefined) keep[count.key] = value;
  }
  return keep;
}

/**
 * `--prune-target 'latest=24,daily=30,match=autosnap_*'`: counts and `match=` patterns
 * (repeat `match=` for several). Returns the setting or the problem, said for `flag`.
 */
export function parseRetentionText(text: string, flag: string): RetentionSetting | string {
  const keep: Partial<Record<KeepCount, number>> = {};
  const match: string[] = [];
  const example = `e.g. ${flag} 'latest=24,daily=30' (counts: ${KEEP_COUNTS.join(", ")}; match=GLOB)`;
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const equals = item.indexOf("=");
    const key = equals < 0 ? item : item.slice(0, equals).trim();
    const value = equals < 0 ? "" : item.slice(equals + 1).trim();
    if (key === "match") {
      const problem = value === "" ? "match= needs a pattern" : patternProblem(value, "snapshot", flag);
      if (problem !== undefined) return `${flag}: ${problem}`;
      match.push(value);
    } else if ((KEEP_COUNTS as readonly string[]).includes(key)) {
      if (!/^\d+$/.test(value)) return `${flag}: ${key} needs a whole number, got '${value}'; ${example}`;
      keep[key as KeepCount] = Number(value);
    } else {
      return `${flag}: unknown '${key}'; ${example}`;
    }
  }
  const problem = retentionRulesProblem({ match: match.length > 0 ? match : ["*"], keep });
  if (problem !== undefined) return `${flag}: ${problem}`;
  return match.length > 0 ? { keep, match } : { keep };
}
