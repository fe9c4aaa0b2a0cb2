import { parseOptions } from "./command-options.js";
import { reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import { mountFilesystem, mountIfAutomatic, unmountFilesystem } from "./mount-control.js";
import { ZFS_USAGE } from "./zfs-usage.js";

/** `zfs mount` (list), `zfs mount NAME`, `zfs mount -a`. */
export const zfsMount = reportingCommand((state, report, args) => {
  const usage = ZFS_USAGE.mount;
  const options = parseOptions(args, { flags: "aflvO", values: "o", usage });
  if (options.flags.has("a")) {
    for (const pool of state.pools()) {
      for (const dataset of state.zfs.listDatasets(pool)) {
        const refused = mountIfAutomatic(state, dataset.name);
        if (refused !== undefined && !/encryption key not loaded/.test(refused.message)) report.fail(refused);
      }
    }
    return;
  }
  if (options.flags.has("l")) throw emulatorErrors.unsupported("zfs mount -l");
  if (options.operands.length === 0) {
    for (const dataset of state.zfs.mountedDatasets()) {
      report.print(`${dataset.padEnd(30)}  ${state.zfs.dataset(dataset).mountpoint}`);
    }
    return;
  }
  if (options.operands.length > 1) throw emulatorErrors.usage("too many arguments", usage);
  mountFilesystem(state, options.operands[0] as string);
});

/** `zfs unmount|umount NAME|MOUNTPOINT`, `zfs unmount -a`. */
export const zfsUnmount = reportingCommand((state, _report, args) => {
  const usage = ZFS_USAGE.unmount;
  const options = parseOptions(args, { flags: "afu", usage });
  if (options.flags.has("a")) {
    for (const dataset of state.zfs.mountedDatasets()) state.zfs.setMounted(dataset, false);
    return;
  }
  if (options.operands.length !== 1) throw emulatorErrors.usage("missing filesystem argument", usage);
  unmountFilesystem(state, options.operands[0] as string);
});
