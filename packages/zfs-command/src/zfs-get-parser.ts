import type { Dataset, DatasetType, KeyStatus } from "@zrelay/core";
import { outputLines, parseUint64, ZfsOutputError } from "./zfs-output-error.js";

/**
 * Reads `zfs get -H -p -o name,property,value -r -t filesystem,volume …`:
 * one `name<TAB>property<TAB>value` line per dataset and property. Datasets
 * come out in the order zfs printed them (parents before children). Names may
 * contain spaces; zfs names never contain tabs, so tabs split reliably.
 */
export function parseDatasetProperties(stdout: string): Dataset[] {
  const byName = new Map<string, { values: Map<string, string>; lineNumber: number; line: string }>();
  for (const { text, number } of outputLines(stdout)) {
    const first = text.indexOf("\t");
    const second = first === -1 ? -1 : text.indexOf("\t", first + 1);
    if (second === -1)
      throw new ZfsOutputError("expected name, property and value separated by tabs", number, text);
    const name = text.slice(0, first);
    let entry = byName.get(name);
    if (entry === undefined) {
      entry = { values: new Map(), lineNumber: number, line: text };
      byName.set(name, entry);
    }
    entry.values.set(text.slice(first + 1, second), text.slice(second + 1));
  }
  return [...byName].map(([name, entry]) => toDataset(name, entry.values, entry.lineNumber, entry.line));
}

/** `-` is how zfs prints an unset or inapplicable value. */
function propertyValue(values: ReadonlyMap<string, string>, property: string): string | undefined {
  const value = values.get(property);
  return value === undefined || value === "-" || value === "" ? undefined : value;
}

function toDataset(
  name: string,
  values: ReadonlyMap<string, string>,
  lineNumber: number,
  line: string,
): Dataset {
  const type = propertyValue(values, "type");
  if (type !== "filesystem" && type !== "volume") {
    throw new ZfsOutputError(
      `dataset ${name} has type ${JSON.stringify(type)}, expected filesystem or volume`,
      lineNumber,
      line,
    );
  }
  const guid = propertyValue(values, "guid");
  if (guid === undefined) throw new ZfsOutputError(`no guid printed for ${name}`, lineNumber, line);
  const encryption = propertyValue(values, "encryption") ?? "off";
  return {
    name,
    type: type satisfies DatasetType,
    guid: parseUint64(guid, "guid", lineNumber, line),
    encryption,
    encryptionRoot: propertyValue(values, "encryptionroot"),
    keyStatus: keyStatusOf(propertyValue(values, "keystatus")),
    // Volumes have no canmount (zfs prints "-"); they are never mounted.
    canmount: propertyValue(values, "canmount") ?? "off",
    resumeToken: propertyValue(values, "receive_resume_token"),
    written: writtenOf(values, lineNumber, line),
  };
}

// `written` is a byte count with -p; a zfs too old to know it prints nothing for it.
function writtenOf(
  values: ReadonlyMap<string, string>,
  lineNumber: number,
  line: string,
): number | undefined {
  const value = propertyValue(values, "written");
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new ZfsOutputError(`written is ${JSON.stringify(value)}, not a byte count`, lineNumber, line);
  return Number(value);
}

function keyStatusOf(value: string | undefined): KeyStatus {
  return value === "available" || value === "unavailable" ? value : "none";
}
