import { parseDatasetName, ZrelayError } from "@zrelay/core";
import { BANDWIDTH_LIMIT_FORMS, readByteRate } from "./bandwidth-limit.js";
import {
  type ConfigReader,
  type ConfigValue,
  describeValue,
  listItems,
  scalarValue,
} from "./config-nodes.js";
import { patternProblem } from "./pattern-rules.js";

// Each reader returns the value, or undefined after recording an issue that says
// what the key allows; the caller simply leaves that setting out and goes on.

export function readText(value: ConfigValue, reader: ConfigReader, example: string): string | undefined {
  const text = scalarValue(value.node);
  if (typeof text === "string" && text.trim() !== "") return text;
  reader.issues.add(
    value.offset,
    value.keyPath,
    `must be text, e.g. ${example}; got ${describeValue(value.node)}`,
  );
  return undefined;
}

export function readBoolean(value: ConfigValue, reader: ConfigReader): boolean | undefined {
  const flag = scalarValue(value.node);
  if (typeof flag === "boolean") return flag;
  reader.issues.add(value.offset, value.keyPath, `must be true or false, got ${describeValue(value.node)}`);
  return undefined;
}

/** One of `choices`, written exactly: `must be openssh or ssh2, got 'OpenSSH'`. */
export function readChoice<T extends string>(
  value: ConfigValue,
  reader: ConfigReader,
  choices: readonly T[],
): T | undefined {
  const text = scalarValue(value.node);
  const chosen = choices.find((choice) => choice === text);
  if (chosen !== undefined) return chosen;
  const listed =
    choices.length > 1 ? `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}` : choices.join("");
  reader.issues.add(value.offset, value.keyPath, `must be ${listed}, got ${describeValue(value.node)}`);
  return undefined;
}

/** A whole number from `min` to `max`. */
export function readInteger(
  value: ConfigValue,
  reader: ConfigReader,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const number = scalarValue(value.node);
  if (typeof number === "number" && Number.isInteger(number) && number >= min && number <= max) return number;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  reader.issues.add(
    value.offset,
    value.keyPath,
    `must be a whole number ${range}, got ${describeValue(value.node)}`,
  );
  return undefined;
}

/** Why `text` is not a dataset name (the core parser's message and hint), or undefined. */
export function datasetNameProblem(text: string): string | undefined {
  try {
    parseDatasetName(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof ZrelayError)) throw error;
    return error.hint === undefined ? error.message : `${error.message} ${error.hint}`;
  }
}

/** A dataset name by OpenZFS's rules. */
export function readDataset(value: ConfigValue, reader: ConfigReader): string | undefined {
  const text = readText(value, reader, "backuppool/encryptedbackups");
  if (text === undefined) return undefined;
  const problem = datasetNameProblem(text);
  if (problem === undefined) return text;
  reader.issues.add(value.offset, value.keyPath, problem);
  return undefined;
}

/** A dataset from a list, with where it was written. */
export interface DatasetItem {
  readonly dataset: string;
  readonly at: ConfigValue;
}

/** A non-empty list of dataset names, each once. */
export function readDatasetList(value: ConfigValue, reader: ConfigReader): DatasetItem[] | undefined {
  const items = listItems(value, reader, "[tank/data, tank/home]");
  if (items === undefined) return undefined;
  if (items.length === 0) {
    reader.issues.add(value.offset, value.keyPath, "must name at least one dataset, e.g. [tank/data]");
    return undefined;
  }
  const seen = new Map<string, string>();
  const datasets: DatasetItem[] = [];
  for (const item of items) {
    const dataset = readDataset(item, reader);
    if (dataset === undefined) continue;
    const earlier = seen.get(dataset);
    if (earlier !== undefined) {
      reader.issues.add(item.offset, item.keyPath, `'${dataset}' is listed twice (also ${earlier})`);
      continue;
    }
    seen.set(dataset, item.keyPath);
    datasets.push({ dataset, at: item });
  }
  return datasets.length === items.length ? datasets : undefined;
}

/** Globs (`*`, `?`), each checked by `patternProblem`. */
export function readPatternList(
  value: ConfigValue,
  reader: ConfigReader,
  matches: "dataset" | "snapshot",
): string[] | undefined {
  const example = matches === "dataset" ? "['*/tmp', tank/cache]" : "['autosnap_*_daily']";
  const items = listItems(value, reader, example);
  if (items === undefined) return undefined;
  const patterns: string[] = [];
  for (const item of items) {
    const pattern = readText(item, reader, example);
    if (pattern === undefined) continue;
    const problem = patternProblem(pattern, matches, "include-snapshots/exclude-snapshots");
    if (problem !== undefined) {
      reader.issues.add(item.offset, item.keyPath, problem);
      continue;
    }
    patterns.push(pattern);
  }
  return patterns.length === items.length ? patterns : undefined;
}

/** Bytes per second; null for `unlimited` (overrides a default limit). */
export function readBandwidth(value: ConfigValue, reader: ConfigReader): number | null | undefined {
  const raw = scalarValue(value.node);
  const rate =
    typeof raw === "string"
      ? readByteRate(raw)
      : typeof raw === "number"
        ? readByteRate(String(raw))
        : undefined;
  if (rate !== undefined) return rate;
  reader.issues.add(
    value.offset,
    value.keyPath,
    `${describeValue(value.node)} is not a rate: write ${BANDWIDTH_LIMIT_FORMS}`,
  );
  return undefined;
}
