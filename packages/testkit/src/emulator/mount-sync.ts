import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EmulatorState } from "./emulator-state.js";
import {
  allMountpoints,
  clearDirectory,
  insideMountRoot,
  isSafeFilePath,
  lazyMountpoints,
  mountpointOf,
  readTree,
  writeTree,
} from "./mountpoint-files.js";

interface SeenMount {
  readonly mountpoint: string;
  readonly files: Map<string, Buffer>;
}

/**
 * Keeps mounted filesystems' directories and the model in step, once per
 * command. `syncIn` (before the command) turns what fixtures wrote into model
 * writes, so "modified since the latest snapshot" holds as on real ZFS;
 * `syncOut` (after it) writes what the command changed: received or
 * rolled-back files, and each snapshot's `.zfs/snapshot/<name>/` copy.
 */
export class MountSync {
  readonly #seen = new Map<string, SeenMount>();

  /** Reads every mounted filesystem into the model. Returns whether the model changed. */
  syncIn(state: EmulatorState): boolean {
    const mountpoints = lazyMountpoints(state);
    let changed = false;
    for (const dataset of state.zfs.mountedDatasets()) {
      const mountpoint = mountpointOf(state, dataset);
      if (mountpoint === undefined || !insideMountRoot(state, mountpoint)) continue;
      const files = readTree(mountpoint, mountpoints);
      this.#seen.set(dataset, { mountpoint: resolve(mountpoint), files });
      changed = applyToModel(state, dataset, files) || changed;
    }
    return changed;
  }

  /** Makes every mounted filesystem's directory show the model; forgets datasets that are gone. */
  syncOut(state: EmulatorState): void {
    const mountpoints = allMountpoints(state);
    for (const [dataset, seen] of this.#seen) {
      const now = state.zfs.isMounted(dataset) ? mountpointOf(state, dataset) : undefined;
      if (now !== undefined && resolve(now) === seen.mountpoint) continue;
      // Destroyed, unmounted or moved (`zfs set mountpoint`): the old directory empties.
      clearDirectory(seen.mountpoint, mountpoints);
      delete state.materialised[dataset];
    }
    // Destroyed datasets left the model and with it the list of mounts.
    for (const dataset of state.zfs.mountedDatasets()) {
      const mountpoint = mountpointOf(state, dataset);
      if (mountpoint === undefined || !insideMountRoot(state, mountpoint)) continue;
      const seen = this.#seen.get(dataset);
      const present =
        seen !== undefined && seen.mountpoint === resolve(mountpoint)
          ? seen.files
          : readTree(mountpoint, mountpoints);
      writeTree(mountpoint, liveFiles(state, dataset), present);
      materialiseSnapshots(state, dataset, mountpoint);
    }
    for (const dataset of Object.keys(state.materialised)) {
      if (!state.zfs.isMounted(dataset)) delete state.materialised[dataset];
    }
  }
}

function applyToModel(state: EmulatorState, dataset: string, files: ReadonlyMap<string, Buffer>): boolean {
  let changed = false;
  const modelled = new Set(state.zfs.listFiles(dataset));
  for (const [path, content] of files) {
    const known = modelled.has(path) ? state.zfs.readFile(dataset, path) : undefined;
    if (known !== undefined && Buffer.from(known).equals(content)) continue;
    state.zfs.writeFile(dataset, path, content);
    changed = true;
  }
  for (const path of modelled) {
    if (files.has(path)) continue;
    state.zfs.deleteFile(dataset, path);
    changed = true;
  }
  return changed;
}

function liveFiles(state: EmulatorState, name: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const path of state.zfs.listFiles(name)) {
    const content = state.zfs.readFile(name, path);
    if (content !== undefined && isSafeFilePath(path)) files.set(path, content);
  }
  return files;
}

/** `.zfs/snapshot/<name>/` for each snapshot, rewritten only when a different snapshot took the name. */
function materialiseSnapshots(state: EmulatorState, dataset: string, mountpoint: string): void {
  const directory = join(mountpoint, ".zfs", "snapshot");
  const written = { ...state.materialised[dataset] };
  const snapshots = state.zfs
    .listSnapshots(dataset, { recursive: false })
    .filter((point) => point.kind === "snapshot");
  const wanted = new Map(snapshots.map((snapshot) => [snapshot.name, String(snapshot.guid)]));
  for (const [name, guid] of Object.entries(written)) {
    if (wanted.get(name) === guid) continue;
    rmSync(join(directory, name), { recursive: true, force: true });
    delete written[name];
  }
  for (const [name, guid] of wanted) {
    if (written[name] === guid) continue;
    rmSync(join(directory, name), { recursive: true, force: true });
    writeTree(join(directory, name), liveFiles(state, `${dataset}@${name}`), new Map(), true);
    written[name] = guid;
  }
  state.materialised[dataset] = written;
}
