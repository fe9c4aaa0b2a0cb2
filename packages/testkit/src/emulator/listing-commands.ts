import { splitPointName } from "../model/zfs-names.js";
import { lastValue, listValue, parseOptions } from "./command-options.js";
import { parseTypes, type Selection, selectNames, type ZfsType } from "./dataset-selection.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
import { isSizeProperty } from "./native-properties.js";
import { canonicalProperty, isKnownProperty, PropertyReader } from "./property-values.js";
import { formatTable } from "./zfs-format.js";
import { ZFS_USAGE } from "./zfs-usage.js";

const ALL_TYPES: ReadonlySet<ZfsType> = new Set(["filesystem", "volume", "snapshot", "bookmark"]);
const LIST_COLUMNS: Readonly<Record<string, string>> = { available: "avail", referenced: "refer" };

function depthOf(
  recursive: boolean,
  depth: string | undefined,
  usage: string | undefined,
): number | undefined {
  if (depth !== undefined) {
    if (!/^\d+$/.test(depth)) throw emulatorErrors.usage("invalid depth", usage);
    return Number(depth);
  }
  return recursive ? Number.POSITIVE_INFINITY : undefined;
}

function checkProperties(properties: readonly string[], usage: string | undefined): void {
  for (const property of properties) {
    if (!isKnownProperty(property)) {
      throw emulatorErrors.usage(`bad property list: invalid property '${property}'`, usage);
    }
  }
}

/** `zfs list [-Hpr] [-d N] [-o props] [-s|-S prop] [-t types] [names...]`. */
export const zfsList = reportingCommand((state, report, args) => {
  const usage = ZFS_USAGE.list;
  const options = parseOptions(args, { flags: "Hpr", values: "odstS", usage });
  const fields = (listValue(options, "o") ?? ["name", "used", "available", "referenced", "mountpoint"]).map(
    canonicalProperty,
  );
  checkProperties(
    fields.filter((field) => field !== "name"),
    usage,
  );
  const types = parseTypes(listValue(options, "t"), usage) ?? new Set<ZfsType>(["filesystem", "volume"]);
  let depth = depthOf(options.flags.has("r"), lastValue(options, "d"), usage);
  // Only snapshots or bookmarks of a named dataset: its own, as `zfs list -t snapshot fs` does.
  if (
    depth === undefined &&
    options.operands.length > 0 &&
    ![...types].some((t) => t === "filesystem" || t === "volume")
  ) {
    depth = 1;
  }
  const selection: Selection = { operands: options.operands, types, depth };
  const reader = new PropertyReader(state);
  const parsable = options.flags.has("p");
  const names = sortBy(
    selectNames(state, selection, (error) => report.fail(error)),
    options,
    reader,
  );
  const rows = names.map((name) =>
    fields.map((field) => (field === "name" ? name : reader.get(name, field, parsable).value)),
  );
  if (rows.length === 0 && options.operands.length === 0) {
    report.stderr += "no datasets available\n";
    return;
  }
  const columns = fields.map((field) => LIST_COLUMNS[field] ?? field);
  report.stdout += formatTable(columns, rows, options.flags.has("H"), (column) =>
    isSizeProperty(canonicalProperty(column)),
  );
}, "check");

function sortBy(names: string[], options: ReturnType<typeof parseOptions>, reader: PropertyReader): string[] {
  const keys = [
    ...(options.values.get("s") ?? []).map((property) => ({ property, descending: false })),
    ...(options.values.get("S") ?? []).map((property) => ({ property, descending: true })),
  ];
  if (keys.length === 0) return names;
  const value = (name: string, property: string) =>
    property === "name" ? name : reader.get(name, property).value;
  const compare = (a: string, b: string) => {
    for (const { property, descending } of keys) {
      const order = compareValues(value(a, property), value(b, property));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
  return [...names].sort(compare);
}

/** Numbers by value, anything else as text. */
function compareValues(left: string, right: string): number {
  if (/^\d+$/.test(left) && /^\d+$/.test(right)) {
    const difference = BigInt(left) - BigInt(right);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

const SOURCE_KINDS = ["local", "default", "inherited", "temporary", "received", "none"];

/** `zfs get [-rHp] [-d N] [-o fields] [-t types] [-s sources] all|props [names...]`. */
export const zfsGet = reportingCommand((state, report, args) => {
  const usage = ZFS_USAGE.get;
  const options = parseOptions(args, { flags: "rHp", values: "dots", usage });
  const [propertyList, ...operands] = options.operands;
  if (propertyList === undefined) throw emulatorErrors.usage("missing property argument", usage);
  const properties = propertyList === "all" ? undefined : propertyList.split(",").filter((p) => p !== "");
  if (properties !== undefined) checkProperties(properties, usage);
  const fields = listValue(options, "o") ?? ["name", "property", "value", "source"];
  for (const field of fields) {
    if (!["name", "property", "value", "received", "source", "all"].includes(field)) {
      throw emulatorErrors.usage(`invalid field '${field}'`, usage);
    }
  }
  const shownFields = fields.includes("all") ? ["name", "property", "value", "received", "source"] : fields;
  const sources = listValue(options, "s");
  for (const source of sources ?? []) {
    if (!SOURCE_KINDS.includes(source)) throw emulatorErrors.usage(`invalid source '${source}'`, usage);
  }
  const types = parseTypes(listValue(options, "t"), usage) ?? ALL_TYPES;
  const depth = depthOf(options.flags.has("r"), lastValue(options, "d"), usage);
  const reader = new PropertyReader(state);
  const rows: string[][] = [];
  for (const name of selectNames(state, { operands, types, depth }, (error) => report.fail(error))) {
    for (const property of properties ?? allPropertiesOf(state, name)) {
      const shown = reader.get(name, property, options.flags.has("p"));
      if (sources !== undefined && !sources.includes(sourceKind(shown.source))) continue;
      const cells: Record<string, string> = {
        name,
        property: canonicalProperty(property),
        value: shown.value,
        received: "-",
        source: shown.source,
      };
      rows.push(shownFields.map((field) => cells[field] ?? "-"));
    }
  }
  report.stdout += formatTable(shownFields, rows, options.flags.has("H"));
}, "check");

function sourceKind(source: string): string {
  if (source.startsWith("inherited")) return "inherited";
  return source === "-" ? "none" : source;
}

function allPropertiesOf(state: EmulatorState, name: string): string[] {
  const point = splitPointName(name);
  const extra = point === undefined ? ["mounted", "used", "available", "referenced"] : ["used", "referenced"];
  return [...new Set([...state.zfs.propertyNames(name), ...extra])];
}
