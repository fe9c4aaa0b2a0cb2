import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import type { ConfigIssueList } from "./config-issues.js";

/** What every reader needs: where to record problems, and the document aliases resolve in. */
export interface ConfigReader {
  readonly issues: ConfigIssueList;
  readonly document: Document;
}

/** A value in the file and where it sits. */
export interface ConfigValue {
  /** The yaml node, aliases already resolved; null when the key has no value node at all. */
  readonly node: Node | null;
  /** `jobs.pull-storage.datasets[1]`. */
  readonly keyPath: string;
  /** Character offset of the value (or of its key when there is no value). */
  readonly offset: number;
}

/** A key of a map and its value. */
export interface ConfigEntry extends ConfigValue {
  readonly key: string;
  /** Character offset of the key itself, for "unknown key" and "missing key" issues. */
  readonly keyOffset: number;
}

export function valueAt(
  node: unknown,
  keyPath: string,
  fallbackOffset: number,
  reader: ConfigReader,
): ConfigValue {
  // An alias (`*shared`) reads as the node it points to; its position stays the alias's.
  const offset = rangeStart(node) ?? fallbackOffset;
  const resolved = isAlias(node) ? node.resolve(reader.document) : node;
  return { node: (resolved as Node | undefined) ?? null, keyPath, offset };
}

export function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  const range = (node as Node).range;
  return range?.[0] ?? undefined;
}

/** How a value reads in a message: `'50X'`, `42`, `a list`, `a map`, `nothing`. */
export function describeValue(node: Node | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return "nothing";
    if (typeof value === "string") return `'${value}'`;
    return String(value);
  }
  return "an unsupported value";
}

/** Scalar value of a node, or undefined for anything else. */
export function scalarValue(node: Node | null): unknown {
  return node !== null && isScalar(node) ? node.value : undefined;
}

/**
 * The entries of a map, in file order. Records an issue (and returns undefined)
 * when `value` is not a map; keys that are not plain text are recorded too.
 */
export function mapEntries(
  value: ConfigValue,
  reader: ConfigReader,
  expected: string,
): ConfigEntry[] | undefined {
  const { node } = value;
  if (node === null || !isMap(node)) {
    reader.issues.add(value.offset, value.keyPath, `must be ${expected}, got ${describeValue(node)}`);
    return undefined;
  }
  const entries: ConfigEntry[] = [];
  for (const pair of node.items) {
    const keyOffset = rangeStart(pair.key) ?? value.offset;
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== "string" && typeof key !== "number") {
      reader.issues.add(keyOffset, value.keyPath, "keys must be plain text");
      continue;
    }
    const keyPath = value.keyPath === "" ? String(key) : `${value.keyPath}.${key}`;
    entries.push({ ...valueAt(pair.value, keyPath, keyOffset, reader), key: String(key), keyOffset });
  }
  return entries;
}

/** The items of a list; records an issue and returns undefined when `value` is not a list. */
export function listItems(
  value: ConfigValue,
  reader: ConfigReader,
  example: string,
): ConfigValue[] | undefined {
  const { node } = value;
  if (node === null || !isSeq(node)) {
    reader.issues.add(
      value.offset,
      value.keyPath,
      `must be a list, e.g. ${example}; got ${describeValue(node)}`,
    );
    return undefined;
  }
  return node.items.map((item, index) => valueAt(item, `${value.keyPath}[${index}]`, value.offset, reader));
}
