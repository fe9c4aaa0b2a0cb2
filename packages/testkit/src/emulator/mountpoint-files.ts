import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type EmulatorState, mountRoot } from "./emulator-state.js";

/*
 * Files in mountpoint directories. A filesystem's mountpoint is a real
 * directory under the state root; `.zfs/snapshot/<name>/` holds copies of each
 * snapshot's files, written when the snapshot appears.
 */

/** The directory a filesystem mounts on, or undefined (volume, `none`, `legacy`). */
export function mountpointOf(state: EmulatorState, dataset: string): string | undefined {
  if (state.zfs.dataset(dataset).type !== "filesystem") return undefined;
  const value = state.zfs.getProperty(dataset, "mountpoint").value;
  return value === "none" || value === "legacy" ? undefined : value;
}

/** True when `path` lies inside the emulator's mount directory, the only place it writes. */
export function insideMountRoot(state: EmulatorState, path: string): boolean {
  const from = relative(mountRoot(state.root), resolve(path));
  return from !== "" && !from.startsWith(`..${sep}`) && from !== ".." && !isAbsolute(from);
}

/**
 * Mountpoints of every filesystem, worked out on the first question: most
 * mounted filesystems hold only files, and on a large tree this is the
 * mountpoint of every dataset.
 */
export function lazyMountpoints(state: EmulatorState): Pick<ReadonlySet<string>, "has"> {
  let mountpoints: Set<string> | undefined;
  return {
    has: (path) => {
      mountpoints ??= allMountpoints(state);
      return mountpoints.has(path);
    },
  };
}

/** Mountpoints of every filesystem: a directory that is one is never part of its parent's files. */
export function allMountpoints(state: EmulatorState): Set<string> {
  const mountpoints = new Set<string>();
  for (const pool of state.pools()) {
    for (const dataset of state.zfs.listDatasets(pool)) {
      const mountpoint = mountpointOf(state, dataset.name);
      if (mountpoint !== undefined) mountpoints.add(resolve(mountpoint));
    }
  }
  return mountpoints;
}

/** Regular files under `directory` by relative path, skipping `.zfs` and other filesystems' mountpoints. */
export function readTree(
  directory: string,
  mountpoints: Pick<ReadonlySet<string>, "has">,
): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const name = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if ((prefix === "" && entry.name === ".zfs") || mountpoints.has(path)) continue;
        walk(path, name);
      } else if (entry.isFile()) files.set(name, readFileSync(path));
    }
  };
  walk(resolve(directory), "");
  return files;
}

/** A model file path that stays inside its directory. */
export function isSafeFilePath(path: string): boolean {
  return (
    path !== "" && !path.startsWith("/") && !path.split("/").some((part) => part === ".." || part === "")
  );
}

/** Makes `directory` hold exactly `wanted`, given what it holds now; other filesystems' mountpoints stay. */
export function writeTree(
  directory: string,
  wanted: ReadonlyMap<string, Uint8Array>,
  present: ReadonlyMap<string, Buffer>,
  readOnly = false,
): void {
  mkdirSync(directory, { recursive: true });
  for (const path of present.keys()) {
    if (!wanted.has(path)) rmSync(join(directory, path), { force: true });
  }
  for (const [path, content] of wanted) {
    if (!isSafeFilePath(path)) continue;
    const current = present.get(path);
    if (current?.equals(content)) continue;
    const file = join(directory, path);
    mkdirSync(dirname(file), { recursive: true });
    rmSync(file, { force: true });
    writeFileSync(file, content);
    if (readOnly) chmodSync(file, 0o444);
  }
}

/** Empties a mountpoint as an unmount leaves it: only other filesystems' mountpoints stay. */
export function clearDirectory(directory: string, mountpoints: ReadonlySet<string>): void {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(resolve(directory), entry);
    if (mountpoints.has(path)) continue;
    if ([...mountpoints].some((mountpoint) => mountpoint.startsWith(`${path}${sep}`))) {
      clearDirectory(path, mountpoints);
    } else rmSync(path, { recursive: true, force: true });
  }
}
