import { splitPointName } from "../model/zfs-names.js";
import { parseOptions } from "./command-options.js";
import { isZfsFailure, reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
import { formatTable, zfsDate } from "./zfs-format.js";
import { ZFS_USAGE } from "./zfs-usage.js";

/** The snapshots `zfs hold -r`/`release -r` act on: the named one and its namesakes below. */
function snapshotsOf(state: EmulatorState, snapshot: string, recursive: boolean): string[] {
  const point = splitPointName(snapshot);
  if (!recursive || point?.kind !== "snapshot" || !state.zfs.exists(point.dataset)) return [snapshot];
  return state.zfs
    .listDatasets(point.dataset)
    .map((dataset) => `${dataset.name}@${point.name}`)
    .filter((name) => name === snapshot || state.zfs.exists(name));
}

function holdCommand(subcommand: "hold" | "release") {
  return reportingCommand((state, _report, args) => {
    const usage = ZFS_USAGE[subcommand];
    const options = parseOptions(args, { flags: "r", usage });
    const [tag, ...snapshots] = options.operands;
    if (tag === undefined) throw emulatorErrors.usage("missing tag argument", usage);
    if (snapshots.length === 0) throw emulatorErrors.usage("missing snapshot argument", usage);
    for (const given of snapshots) {
      for (const snapshot of snapshotsOf(state, given, options.flags.has("r"))) {
        if (subcommand === "hold") state.zfs.hold(snapshot, tag);
        else state.zfs.release(snapshot, tag);
      }
    }
  });
}

/** `zfs hold [-r] TAG SNAPSHOT...`. */
export const zfsHold = holdCommand("hold");
/** `zfs release [-r] TAG SNAPSHOT...`. */
export const zfsRelease = holdCommand("release");

/** `zfs holds [-rHp] SNAPSHOT...`: `SNAP<TAB>TAG<TAB>DATE` a line; an absent snapshot is reported, the rest listed. */
export const zfsHolds = reportingCommand((state, report, args) => {
  const usage = ZFS_USAGE.holds;
  const options = parseOptions(args, { flags: "rHp", usage });
  if (options.operands.length === 0) throw emulatorErrors.usage("missing snapshot argument", usage);
  const rows: string[][] = [];
  for (const operand of options.operands) {
    for (const snapshot of snapshotsOf(state, operand, options.flags.has("r"))) {
      try {
        for (const { tag, creation } of state.zfs.holds(snapshot)) {
          rows.push([snapshot, tag, options.flags.has("p") ? String(creation) : zfsDate(creation, "%H")]);
        }
      } catch (error) {
        if (!isZfsFailure(error)) throw error;
        report.fail(error);
      }
    }
  }
  if (rows.length > 0)
    report.stdout += formatTable(["name", "tag", "timestamp"], rows, options.flags.has("H"));
}, "check");
