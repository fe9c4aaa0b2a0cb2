import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { isUserProperty, splitPointName } from "../model/zfs-names.js";
import { lastValue, listValue, parseOptions, propertyAssignments } from "./command-options.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
import { keyDigest, readKeyMaterial, validateKey } from "./key-material.js";
import { mountIfAutomatic } from "./mount-control.js";
import { ZFS_USAGE } from "./zfs-usage.js";

function oneOperand(operands: readonly string[], what: string, usage: string | undefined): string {
  if (operands.length === 0) throw emulatorErrors.usage(`missing ${what} argument`, usage);
  if (operands.length > 1) throw emulatorErrors.usage("too many arguments", usage);
  return operands[0] as string;
}

/** Every dataset name the model holds. */
function datasetNames(state: EmulatorState): Set<string> {
  return new Set(state.pools().flatMap((pool) => state.zfs.listDatasets(pool).map((d) => d.name)));
}

/** `zfs create [-pu] [-o p=v]... [-V size] NAME`: encryption roots read their key; filesystems mount. */
export const zfsCreate = reportingCommand((state, report, args) => {
  const usage = ZFS_USAGE.create;
  const options = parseOptions(args, { flags: "pusvnP", values: "obV", usage });
  const name = oneOperand(options.operands, "filesystem", usage);
  const properties = Object.fromEntries(propertyAssignments(listValue(options, "o") ?? [], usage));
  const before = datasetNames(state);
  const type = lastValue(options, "V") === undefined ? "filesystem" : "volume";
  // A new encryption root reads its key where zfs does, once the name checks passed.
  const readKey = ({ keyformat, keylocation }: { keyformat: string; keylocation: string }) => {
    const action = `cannot create '${name}'`;
    const checked = validateKey(keyformat, readKeyMaterial(keylocation, action, name));
    if ("problem" in checked) throw emulatorErrors.keyMaterial(action, checked.problem, name);
    return keyDigest(checked.key);
  };
  state.zfs.createDataset(name, { parents: options.flags.has("p"), properties, type, readKey });
  if (options.flags.has("u")) return;
  for (const created of [...datasetNames(state)].filter((n) => !before.has(n)).sort()) {
    const refused = mountIfAutomatic(state, created);
    if (refused !== undefined) report.fail(emulatorErrors.createdNotMounted(created, refused));
  }
});

/** `zfs destroy [-rRf] NAME`: a dataset, one or more snapshots (`ds@a,b`), or a bookmark. */
export const zfsDestroy = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.destroy;
  const options = parseOptions(args, { flags: "fnpRrvd", usage });
  if (options.flags.has("n")) throw emulatorErrors.unsupported("zfs destroy -n");
  const name = oneOperand(options.operands, "dataset", usage);
  const recursive = options.flags.has("r") || options.flags.has("R");
  const point = splitPointName(name);
  if (point === undefined) state.zfs.destroyDataset(name, { recursive });
  else if (point.kind === "bookmark") state.zfs.destroy(name);
  else if (!recursive) state.zfs.destroySnapshots(point.dataset, point.name.split(","));
  else {
    const root = point.dataset;
    if (!state.zfs.exists(root)) throw zfsErrors.notFound(root);
    const datasets = recursive ? state.zfs.listDatasets(root).map((d) => d.name) : [root];
    const snapshots = point.name
      .split(",")
      .flatMap((short) => datasets.map((dataset) => `${dataset}@${short}`))
      .filter((snapshot) => state.zfs.exists(snapshot));
    if (snapshots.length === 0) throw zfsErrors.destroyNoSnapshots(name);
    for (const snapshot of snapshots) state.zfs.destroy(snapshot);
  }
});

/** `zfs snapshot [-r] [-o user:prop=v]... DS@NAME...`: all or nothing. */
export const zfsSnapshot = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.snapshot;
  const options = parseOptions(args, { flags: "r", values: "o", usage });
  if (options.operands.length === 0) throw emulatorErrors.usage("missing snapshot argument", usage);
  const properties = Object.fromEntries(propertyAssignments(listValue(options, "o") ?? [], usage));
  for (const property of Object.keys(properties)) {
    if (!isUserProperty(property)) throw emulatorErrors.unsupported(`zfs snapshot -o ${property}`);
  }
  const names = options.operands.flatMap((operand) => {
    const point = splitPointName(operand);
    return options.flags.has("r") && point?.kind === "snapshot" && state.zfs.exists(point.dataset)
      ? state.zfs.listDatasets(point.dataset).map((dataset) => `${dataset.name}@${point.name}`)
      : [operand];
  });
  // One lzc_snapshot call: all in one transaction group, or none.
  state.zfs.snapshots(names, { properties });
});

/** `zfs bookmark SNAPSHOT|BOOKMARK NEWBOOKMARK`. */
export const zfsBookmark = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.bookmark;
  const options = parseOptions(args, { flags: "", usage });
  const [source, bookmark, extra] = options.operands;
  if (source === undefined) throw emulatorErrors.usage("missing snapshot argument", usage);
  if (bookmark === undefined) throw emulatorErrors.usage("missing bookmark argument", usage);
  if (extra !== undefined) throw emulatorErrors.usage("too many arguments", usage);
  state.zfs.bookmark(source, bookmark);
});

/** `zfs rollback [-rRf] SNAPSHOT`. */
export const zfsRollback = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.rollback;
  const options = parseOptions(args, { flags: "rRf", usage });
  const snapshot = oneOperand(options.operands, "dataset", usage);
  state.zfs.rollback(snapshot, { destroyNewer: options.flags.has("r") || options.flags.has("R") });
});

/** `zfs set PROP=VALUE... NAME...`. */
export const zfsSet = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.set;
  const options = parseOptions(args, { flags: "u", usage });
  const assignments = options.operands.filter((operand) => operand.includes("="));
  const names = options.operands.slice(assignments.length);
  if (assignments.length === 0) throw emulatorErrors.usage("missing property=value argument(s)", usage);
  if (names.length === 0) throw emulatorErrors.usage("missing dataset name(s)", usage);
  for (const name of names) {
    for (const [property, value] of propertyAssignments(assignments, usage)) {
      state.zfs.setProperty(name, property, value);
    }
  }
});

/** `zfs inherit [-r] PROP NAME...`. */
export const zfsInherit = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.inherit;
  const options = parseOptions(args, { flags: "rS", usage });
  const [property, ...names] = options.operands;
  if (property === undefined) throw emulatorErrors.usage("missing property argument", usage);
  if (names.length === 0) throw emulatorErrors.usage("missing dataset argument", usage);
  for (const name of names) {
    const targets =
      options.flags.has("r") && splitPointName(name) === undefined
        ? state.zfs.listDatasets(name).map((dataset) => dataset.name)
        : [name];
    for (const target of targets) state.zfs.inheritProperty(target, property);
  }
});
