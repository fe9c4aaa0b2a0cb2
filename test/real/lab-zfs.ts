import { spawnSync } from "node:child_process";

/** `zfs ARGS` with `input` on stdin; argv only, never a shell. Throws with stderr on failure. */
export function zfs(args: readonly string[], input?: string): string {
  const result = spawnSync("zfs", args, { input, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`zfs ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** One property's parsable value. */
export function property(name: string, prop: string): string {
  return zfs(["get", "-H", "-p", "-o", "value", prop, name]).trim();
}

/** Guids of `dataset`'s snapshots, oldest first, one per line. */
export function snapshotGuids(dataset: string): string {
  return zfs(["list", "-H", "-p", "-o", "guid", "-t", "snapshot", "-s", "createtxg", dataset]);
}

/** Creates an encryption root with a passphrase, its key loaded. */
export function createEncrypted(dataset: string, passphrase: string): void {
  zfs(
    ["create", "-o", "encryption=on", "-o", "keyformat=passphrase", "-o", "keylocation=prompt", dataset],
    `${passphrase}\n`,
  );
}

/** Removes test trees, even mounted or busy ones; never throws. */
export function destroyTrees(roots: readonly string[]): void {
  for (const root of roots) {
    spawnSync("zfs", ["unmount", "-f", root]);
    spawnSync("zfs", ["destroy", "-r", "-f", root]);
  }
}
