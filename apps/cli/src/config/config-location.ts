import type { ConfigEntry, ConfigReader } from "./config-nodes.js";
import { datasetNameProblem, readText } from "./config-values.js";
import {
  type DatasetLocation,
  type HostAddress,
  parseDatasetLocation,
  parseHostAddress,
} from "./host-shorthand.js";

/** `from`/`to` of a pull or push: `[user@]host`. */
export function readHostAddress(entry: ConfigEntry, reader: ConfigReader): HostAddress | undefined {
  const text = readText(entry, reader, "backup@host-storage");
  if (text === undefined) return undefined;
  const address = parseHostAddress(text);
  if (typeof address !== "string") return address;
  reader.issues.add(entry.offset, entry.keyPath, address);
  return undefined;
}

/** `from`/`to` of a sync: `[user@]host:dataset`, or a dataset on this machine. */
export function readLocation(entry: ConfigEntry, reader: ConfigReader): DatasetLocation | undefined {
  const text = readText(entry, reader, "backup@host-web:tank/home");
  if (text === undefined) return undefined;
  const location = parseDatasetLocation(text);
  const problem = typeof location === "string" ? location : datasetNameProblem(location.dataset);
  if (problem === undefined) return location as DatasetLocation;
  reader.issues.add(entry.offset, entry.keyPath, problem);
  return undefined;
}
