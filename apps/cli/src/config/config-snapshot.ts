import { chainTagViolation, defaultSnapshotPrefix, snapshotPrefixViolation } from "@zrelay/core";
import type { SnapshotPolicy } from "../job/job-definition.js";
import {
  type ConfigEntry,
  type ConfigReader,
  describeValue,
  mapEntries,
  scalarValue,
} from "./config-nodes.js";
import { readText } from "./config-values.js";

/**
 * `snapshot: true` (names `zrelay_<job>_<UTC time>`) or `snapshot: { prefix: P }`
 * (names `P_<UTC time>`); `snapshot: false` is no policy, as leaving the key out.
 */
export function readSnapshotPolicy(
  entry: ConfigEntry,
  reader: ConfigReader,
  job: string,
): SnapshotPolicy | undefined {
  const flag = scalarValue(entry.node);
  if (flag === true) return { prefix: defaultSnapshotPrefix(job) };
  if (flag === false) return undefined;
  const fields = mapEntries(entry, reader, "true, or a map with prefix: (e.g. prefix: zrelay_nightly)");
  if (fields === undefined) return undefined;
  let prefix = defaultSnapshotPrefix(job);
  for (const field of fields) {
    if (field.key !== "prefix") {
      reader.issues.add(field.keyOffset, field.keyPath, `unknown key '${field.key}'; allowed: prefix`);
      continue;
    }
    const text = readText(field, reader, "zrelay_nightly");
    if (text === undefined) continue;
    const violation = snapshotPrefixViolation(text);
    if (violation !== undefined) {
      reader.issues.add(field.offset, field.keyPath, `the snapshot prefix '${text}' ${violation}`);
      continue;
    }
    prefix = text;
  }
  const violation = snapshotPrefixViolation(prefix);
  if (violation !== undefined) {
    reader.issues.add(
      entry.offset,
      entry.keyPath,
      `the snapshot prefix '${prefix}' ${violation}; set prefix:`,
    );
    return undefined;
  }
  return { prefix };
}

/** `chain-tag: backup-1`: letters, digits, `-`, `.` and `:` (no `_`: it ends the tag in a bookmark name). */
export function readChainTag(entry: ConfigEntry, reader: ConfigReader): string | undefined {
  const text = scalarValue(entry.node);
  if (typeof text !== "string") {
    reader.issues.add(
      entry.offset,
      entry.keyPath,
      `must be text, e.g. backup-1; got ${describeValue(entry.node)}`,
    );
    return undefined;
  }
  const violation = chainTagViolation(text);
  if (violation === undefined) return text;
  reader.issues.add(entry.offset, entry.keyPath, `the chain tag '${text}' ${violation}`);
  return undefined;
}
