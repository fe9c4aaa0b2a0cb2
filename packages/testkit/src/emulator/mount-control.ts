import type { FakeZfsError } from "../model/fake-zfs-error.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
import { insideMountRoot } from "./mountpoint-files.js";

/*
 * Mounting marks a filesystem mounted; the state transaction then writes its
 * files and snapshots into the mountpoint directory (mount-sync.ts).
 */

/** `zfs mount NAME`, with zfs's refusals in zfs's order. */
export function mountFilesystem(state: EmulatorState, name: string): void {
  const dataset = state.zfs.dataset(name);
  if (dataset.type !== "filesystem") throw emulatorErrors.mountNotApplicable(name);
  if (state.zfs.isMounted(name)) throw emulatorErrors.mountAlready(name);
  if (dataset.canmount === "off") throw emulatorErrors.mountCanmountOff(name);
  if (dataset.mountpoint === "none") throw emulatorErrors.mountNoMountpoint(name);
  if (dataset.mountpoint === "legacy") throw emulatorErrors.mountLegacy(name);
  if (dataset.keyStatus === "unavailable") throw zfsErrors.mountKeyNotLoaded(name);
  if (!insideMountRoot(state, dataset.mountpoint))
    throw emulatorErrors.mountOutsideRoot(name, dataset.mountpoint);
  state.zfs.setMounted(name, true);
}

/**
 * What `zfs create`, `zpool create` and `zfs receive` without -u do: mount a
 * filesystem whose canmount is `on`. Returns the refusal instead of throwing,
 * since the dataset exists either way.
 */
export function mountIfAutomatic(state: EmulatorState, name: string): FakeZfsError | undefined {
  const dataset = state.zfs.dataset(name);
  if (dataset.type !== "filesystem" || dataset.canmount !== "on" || state.zfs.isMounted(name))
    return undefined;
  try {
    mountFilesystem(state, name);
    return undefined;
  } catch (error) {
    return error as FakeZfsError;
  }
}

/** `zfs unmount NAME|MOUNTPOINT`. */
export function unmountFilesystem(state: EmulatorState, nameOrPath: string): void {
  const name = nameOrPath.startsWith("/")
    ? (state.zfs.mountedDatasets().find((dataset) => state.zfs.dataset(dataset).mountpoint === nameOrPath) ??
      nameOrPath)
    : nameOrPath;
  const dataset = state.zfs.dataset(name);
  if (dataset.type !== "filesystem") throw emulatorErrors.mountNotApplicable(name);
  if (!state.zfs.isMounted(name)) throw emulatorErrors.unmountNotMounted(name);
  state.zfs.setMounted(name, false);
}
