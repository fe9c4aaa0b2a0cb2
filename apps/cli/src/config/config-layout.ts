import { isDescendantOf } from "@zrelay/core";
import { intoItselfProblem } from "../job/dataset-trees.js";
import type { HostSpec, JobDefinition, JobKind } from "../job/job-definition.js";
import type { HostDefaults } from "./config-defaults.js";
import { readHostMap } from "./config-host.js";
import { readHostAddress, readLocation } from "./config-location.js";
import type { ConfigEntry, ConfigReader } from "./config-nodes.js";
import { resolveSide } from "./config-side.js";
import { readDataset, readDatasetList } from "./config-values.js";
import type { HostAddress } from "./host-shorthand.js";

/** Where a job's data comes from and where it lands. */
export type JobLayout = Pick<JobDefinition, "source" | "target" | "datasets" | "mapping">;

interface LayoutInput {
  readonly job: ConfigEntry;
  readonly places: ReadonlyMap<string, ConfigEntry>;
  readonly reader: ConfigReader;
  readonly hostDefaults: HostDefaults;
}

/** Reads the kind-specific keys; undefined when something is missing or wrong (recorded). */
export function readJobLayout(
  kind: JobKind,
  job: ConfigEntry,
  places: ReadonlyMap<string, ConfigEntry>,
  reader: ConfigReader,
  hostDefaults: HostDefaults,
): JobLayout | undefined {
  const input = { job, places, reader, hostDefaults };
  if (kind === "pull") return readPull(input);
  if (kind === "push") return readPush(input);
  return readSync(input);
}

function required(input: LayoutInput, key: string, example: string): ConfigEntry | undefined {
  const entry = input.places.get(key);
  if (entry === undefined) {
    input.reader.issues.add(input.job.keyOffset, input.job.keyPath, `missing '${key}', e.g. ${example}`);
  }
  return entry;
}

function readPull(input: LayoutInput): JobLayout | undefined {
  const source = readRemoteSide(input, "from", "source", "backup@host-storage");
  const datasets = optionalRead(required(input, "datasets", "datasets: [tank/data]"), (entry) =>
    readDatasetList(entry, input.reader),
  );
  const dest = optionalRead(
    required(input, "dest", "dest: backuppool/encryptedbackups/host-storage"),
    (entry) => readDataset(entry, input.reader),
  );
  if (source === undefined || datasets === undefined || dest === undefined) return undefined;
  return {
    source,
    target: {},
    datasets: datasets.map((item) => item.dataset),
    mapping: { kind: "prefix", dest },
  };
}

function readPush(input: LayoutInput): JobLayout | undefined {
  const { reader } = input;
  const target = readRemoteSide(input, "to", "target", "backup@host-albion");
  const datasets = optionalRead(
    required(input, "datasets", "datasets: [backuppool/encryptedbackups]"),
    (entry) => readDatasetList(entry, reader),
  );
  const stripPrefix = optionalRead(
    required(input, "strip-prefix", "strip-prefix: backuppool/encryptedbackups"),
    (entry) => readDataset(entry, reader),
  );
  const rootEntry = input.places.get("target-root");
  const targetRoot = rootEntry === undefined ? undefined : readDataset(rootEntry, reader);
  if (target === undefined || datasets === undefined || stripPrefix === undefined) return undefined;
  if (rootEntry !== undefined && targetRoot === undefined) return undefined;
  for (const { dataset, at } of datasets) {
    if (dataset === stripPrefix && targetRoot === undefined) {
      reader.issues.add(
        at.offset,
        at.keyPath,
        `'${dataset}' is the strip-prefix itself, so stripping it leaves no name; set target-root to say where it lands, or list the datasets below it`,
      );
    } else if (dataset !== stripPrefix && !isDescendantOf(dataset, stripPrefix)) {
      reader.issues.add(
        at.offset,
        at.keyPath,
        `'${dataset}' is not under strip-prefix '${stripPrefix}'; push only datasets below it, or strip a shorter prefix`,
      );
    }
  }
  const mapping =
    targetRoot === undefined
      ? ({ kind: "strip", stripPrefix } as const)
      : ({ kind: "strip", stripPrefix, targetRoot } as const);
  return { source: {}, target, datasets: datasets.map((item) => item.dataset), mapping };
}

function readSync(input: LayoutInput): JobLayout | undefined {
  const { reader, places, hostDefaults } = input;
  const fromEntry = required(input, "from", "from: backup@host-web:tank/home");
  const toEntry = required(input, "to", "to: backuppool/mirror/home");
  const from = optionalRead(fromEntry, (entry) => readLocation(entry, reader));
  const to = optionalRead(toEntry, (entry) => readLocation(entry, reader));
  const sourceEntry = places.get("source");
  const targetEntry = places.get("target");
  const source = resolveSide(
    {
      address: from?.remote,
      shorthandEntry: fromEntry,
      settings: sourceEntry === undefined ? undefined : readHostMap(sourceEntry, reader),
      settingsEntry: sourceEntry,
    },
    hostDefaults,
    reader,
  );
  const target = resolveSide(
    {
      address: to?.remote,
      shorthandEntry: toEntry,
      settings: targetEntry === undefined ? undefined : readHostMap(targetEntry, reader),
      settingsEntry: targetEntry,
    },
    hostDefaults,
    reader,
  );
  if (from === undefined || to === undefined || toEntry === undefined) return undefined;
  const intoItself = intoItselfProblem(source, from.dataset, target, to.dataset);
  if (intoItself !== undefined) {
    reader.issues.add(toEntry.offset, toEntry.keyPath, intoItself);
    return undefined;
  }
  return {
    source,
    target,
    datasets: [from.dataset],
    mapping: { kind: "rename", from: from.dataset, to: to.dataset },
  };
}

/** The remote side of a pull (`from`/`source`) or push (`to`/`target`); it must name a host. */
function readRemoteSide(
  input: LayoutInput,
  shortKey: "from" | "to",
  mapKey: "source" | "target",
  example: string,
): HostSpec | undefined {
  const { reader, places, job } = input;
  const shorthandEntry = places.get(shortKey);
  const settingsEntry = places.get(mapKey);
  if (shorthandEntry === undefined && settingsEntry === undefined) {
    reader.issues.add(job.keyOffset, job.keyPath, `missing '${shortKey}', e.g. ${shortKey}: ${example}`);
    return undefined;
  }
  let address: HostAddress | undefined;
  if (shorthandEntry !== undefined) {
    address = readHostAddress(shorthandEntry, reader);
    if (address === undefined) return undefined;
  }
  const settings = settingsEntry === undefined ? undefined : readHostMap(settingsEntry, reader);
  if (settingsEntry !== undefined && settings === undefined) return undefined;
  if (address === undefined && settings?.host === undefined && settingsEntry !== undefined) {
    const host = example.slice(example.indexOf("@") + 1);
    reader.issues.add(settingsEntry.keyOffset, settingsEntry.keyPath, `missing 'host', e.g. host: ${host}`);
    return undefined;
  }
  return resolveSide({ address, shorthandEntry, settings, settingsEntry }, input.hostDefaults, reader);
}

function optionalRead<T>(
  entry: ConfigEntry | undefined,
  read: (entry: ConfigEntry) => T | undefined,
): T | undefined {
  return entry === undefined ? undefined : read(entry);
}
