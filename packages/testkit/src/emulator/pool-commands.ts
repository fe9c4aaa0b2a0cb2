import { join } from "node:path";
import { lastValue, listValue, parseOptions, propertyAssignments } from "./command-options.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import { type EmulatorState, mountRoot } from "./emulator-state.js";
import { mountIfAutomatic } from "./mount-control.js";
import { formatTable } from "./zfs-format.js";
import { ZPOOL_USAGE } from "./zfs-usage.js";

/**
 * Creates pool `name` with its root dataset mounted at `<root>/mnt/<name>`
 * (unless `properties` names another mountpoint).
 */
export function createPool(
  state: EmulatorState,
  name: string,
  properties: Readonly<Record<string, string>>,
): void {
  if (state.pools().includes(name)) throw emulatorErrors.poolExists(name);
  state.zfs.createPool(name, { mountpoint: join(mountRoot(state.root), name), ...properties });
  const refused = mountIfAutomatic(state, name);
  if (refused !== undefined) throw refused;
}

/** `zpool create [-f] [-m MOUNTPOINT] [-o p=v]... [-O p=v]... NAME [VDEV...]` (vdevs ignored). */
export const zpoolCreate = reportingCommand((state, _report, args) => {
  const usage = ZPOOL_USAGE.create;
  const options = parseOptions(args, { flags: "fnd", values: "moOR", usage });
  const [name] = options.operands;
  if (name === undefined) throw emulatorErrors.usage("missing pool name argument", usage);
  const properties = Object.fromEntries(propertyAssignments(listValue(options, "O") ?? [], usage));
  const mountpoint = lastValue(options, "m");
  createPool(state, name, mountpoint === undefined ? properties : { ...properties, mountpoint });
});

/** `zpool list [-H] [-o name,health] [POOL...]`. */
export const zpoolList = reportingCommand((state, report, args) => {
  const usage = ZPOOL_USAGE.list;
  const options = parseOptions(args, { flags: "Hpv", values: "oT", usage });
  const fields = listValue(options, "o") ?? ["name", "health"];
  const pools = options.operands.length === 0 ? state.pools() : [...options.operands];
  const rows: string[][] = [];
  for (const pool of pools) {
    if (!state.pools().includes(pool)) {
      report.fail(emulatorErrors.noSuchPool(pool));
      continue;
    }
    rows.push(fields.map((field) => (field === "name" ? pool : field === "health" ? "ONLINE" : "-")));
  }
  if (rows.length === 0 && options.operands.length === 0) report.print("no pools available");
  else report.stdout += formatTable(fields, rows, options.flags.has("H"));
});
