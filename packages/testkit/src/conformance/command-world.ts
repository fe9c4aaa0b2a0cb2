import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ZfsEndpoint } from "@zrelay/core";
import type { ConformanceWorld } from "./conformance-world.js";

/** Options of `createCommandWorld`. */
export interface CommandWorldOptions {
  /** The adapter under test; it must reach the same machine the fixture's `zfs` commands run on. */
  readonly endpoint: ZfsEndpoint;
  /** Environment of the fixture's commands, over this process's: e.g. PATH and ZRELAY_FAKE_ZFS_ROOT for the emulator. */
  readonly env?: Readonly<Record<string, string>>;
  /** The `zfs` command the fixture runs. Default `"zfs"`. */
  readonly zfsCommand?: string;
  /**
   * Runs one fixture `zfs` command line (argv without `zfs`), resolving with its
   * stdout and rejecting when it fails. Default: spawn `zfsCommand` with `env`.
   * The emulator world runs them in-process (emulator-world.ts).
   */
  readonly runZfs?: (...args: string[]) => Promise<string>;
  /** Pool (or dataset) the world's source root is made under. Default `"src"`. */
  readonly sourcePool?: string;
  /** Pool (or dataset) the world's target root is made under. Default `"dst"`. */
  readonly targetPool?: string;
}

/** Pools the worlds use, from `ZFS_LAB_POOLS` (`src,dst`, the zfs-lab's) or the defaults. */
export function poolsFromEnvironment(value = process.env.ZFS_LAB_POOLS): {
  sourcePool: string;
  targetPool: string;
} {
  const [sourcePool = "src", targetPool = "dst"] = (value ?? "").split(",").filter((pool) => pool !== "");
  return { sourcePool, targetPool };
}

/**
 * A conformance world on any machine whose `zfs` speaks OpenZFS 2.x: real
 * OpenZFS or the zfs emulator. The fixture runs `zfs` with argv arrays and
 * touches files in mountpoints, as an administrator would: files are written
 * into the mounted dataset, and read back from `<mountpoint>/.zfs/snapshot/`.
 * Each world gets its own roots, `<pool>/zr-<random>`, destroyed by dispose().
 */
export async function createCommandWorld(options: CommandWorldOptions): Promise<ConformanceWorld> {
  const zfs = options.runZfs ?? commandRunner(options.zfsCommand ?? "zfs", options.env ?? {});
  const id = `zr-${randomBytes(4).toString("hex")}`;
  const sourceRoot = `${options.sourcePool ?? "src"}/${id}`;
  const targetRoot = `${options.targetPool ?? "dst"}/${id}`;
  // Key material lives outside the pools, readable by the fixture alone.
  const keyDirectory = await mkdtemp(join(tmpdir(), "zrelay-conformance-key-"));
  const keyFile = join(keyDirectory, "passphrase");
  await writeFile(keyFile, `${randomBytes(16).toString("hex")}\n`, { mode: 0o600 });
  await zfs("create", sourceRoot);
  await zfs("create", targetRoot);

  const get = async (name: string, property: string) =>
    (await zfs("get", "-H", "-p", "-o", "value", property, name)).replace(/\n$/, "");
  // Mounts a filesystem that is not mounted (a received one): never loads a key, so a locked one fails.
  const mounted = async (dataset: string): Promise<string> => {
    if ((await get(dataset, "mounted")) !== "yes") await zfs("mount", dataset);
    return get(dataset, "mountpoint");
  };

  return {
    endpoint: options.endpoint,
    sourceRoot,
    targetRoot,
    async createDataset(name, dataset) {
      const encryption = dataset?.encrypted
        ? [
            "-o",
            "encryption=aes-256-gcm",
            "-o",
            "keyformat=passphrase",
            "-o",
            `keylocation=file://${keyFile}`,
          ]
        : [];
      await zfs("create", ...encryption, name);
    },
    async writeFile(dataset, path, content) {
      const file = await open(join(await mounted(dataset), path), "w");
      try {
        await file.writeFile(content);
        await file.sync();
      } finally {
        await file.close();
      }
    },
    async readFile(snapshot, path) {
      const at = snapshot.indexOf("@");
      if (at <= 0) throw new Error(`readFile needs a snapshot name (dataset@snapshot), got ${snapshot}`);
      const directory = join(
        await mounted(snapshot.slice(0, at)),
        ".zfs",
        "snapshot",
        snapshot.slice(at + 1),
      );
      if (!(await stat(directory).catch(() => undefined))?.isDirectory()) {
        throw new Error(`${snapshot} cannot be read: ${directory} does not exist`);
      }
      try {
        return new Uint8Array(await readFile(join(directory, path)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async snapshot(fullName) {
      await zfs("snapshot", fullName);
    },
    property: get,
    async loadKey(dataset) {
      await zfs("load-key", "-L", `file://${keyFile}`, dataset);
    },
    async unloadKey(dataset) {
      // Every filesystem using the key must be unmounted first, children before parents.
      const listing = await zfs("list", "-H", "-o", "name,mounted", "-r", dataset);
      const mountedNames = listing
        .split("\n")
        .map((line) => line.split("\t"))
        .filter(([, isMounted]) => isMounted === "yes")
        .map(([name]) => name as string);
      for (const name of mountedNames.reverse()) await zfs("unmount", name);
      await zfs("unload-key", dataset);
    },
    async dispose() {
      try {
        for (const root of [sourceRoot, targetRoot]) await destroyTree(zfs, root);
      } finally {
        await rm(keyDirectory, { recursive: true, force: true });
      }
    },
  };
}

type Zfs = (...args: string[]) => Promise<string>;

function commandRunner(zfsCommand: string, env: Readonly<Record<string, string>>): Zfs {
  return (...args) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        zfsCommand,
        args,
        { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error === null) resolve(stdout);
          else
            reject(
              new Error(
                `\`${zfsCommand} ${args.join(" ")}\` failed (${error.code ?? error.signal}): ${stderr.trim() || error.message}`,
              ),
            );
        },
      );
      child.stdin?.end();
    });
}

/** `zfs destroy -r -f`, releasing any hold a failed behaviour left behind first. */
async function destroyTree(zfs: Zfs, root: string): Promise<void> {
  const exists = await zfs("list", "-H", "-o", "name", root).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const snapshots = await snapshotsOf(zfs, root);
  const holds = snapshots.length === 0 ? "" : await zfs("holds", "-H", ...snapshots).catch(() => "");
  for (const line of holds.split("\n").filter((l) => l !== "")) {
    const [snapshot, tag] = line.split("\t");
    if (snapshot !== undefined && tag !== undefined) await zfs("release", tag, snapshot);
  }
  await zfs("destroy", "-r", "-f", root);
}

async function snapshotsOf(zfs: Zfs, root: string): Promise<string[]> {
  const listing = await zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", root);
  return listing.split("\n").filter((name) => name !== "");
}
