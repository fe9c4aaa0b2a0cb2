import { splitPointName } from "../model/zfs-names.js";
import { parseOptions } from "./command-options.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
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
