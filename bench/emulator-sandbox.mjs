import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { MissingPiece, onCleanup } from "./bench-cleanup.mjs";

const run = promisify(execFile);

/*
 * An emulated machine for a benchmark: a state directory of the zfs emulator
 * (packages/testkit, docs/zfs-emulator.md) with its pools, removed at cleanup.
 * Payload bytes are never stored (a snapshot keeps only its size), so GiB-sized
 * snapshots cost no disk.
 */

/** Loads @zrelay/testkit's emulator, or says which piece is missing. */
export async function loadEmulator() {
  let testkit;
  try {
    testkit = await import("@zrelay/testkit");
  } catch (error) {
    throw new MissingPiece(`@zrelay/testkit is not built (${error.message}); run \`npm run build\``);
  }
  if (typeof testkit.createEmulatorHost !== "function") {
    throw new MissingPiece(
      "@zrelay/testkit has no createEmulatorHost yet (the zfs emulator is not finished)",
    );
  }
  const launcher = join(testkit.EMULATOR_BIN_DIRECTORY, "zfs");
  if (!existsSync(launcher)) throw new MissingPiece(`the zfs emulator launcher ${launcher} does not exist`);
  return testkit;
}

/**
 * A fresh emulator host with `pools`, removed at cleanup. `zfs(...args)` runs the
 * emulator's CLI on it (argv only) and resolves with stdout; a failure rejects
 * with zfs's stderr in the message.
 */
export async function emulatorHost(testkit, pools) {
  let host;
  try {
    host = testkit.createEmulatorHost({ pools });
  } catch (error) {
    throw new MissingPiece(error.message);
  }
  onCleanup(`emulator state ${host.root}`, () => host.dispose());
  const zfs = async (...args) => {
    try {
      const { stdout } = await run("zfs", args, { env: { ...process.env, ...host.env }, maxBuffer: 1 << 30 });
      return stdout;
    } catch (error) {
      throw new Error(
        `zfs ${args.join(" ")} failed on ${host.root}: ${error.stderr?.trim() || error.message}`,
      );
    }
  };
  return { ...host, zfs };
}

/** Guid of a snapshot, or undefined when it does not exist. */
export async function snapshotGuid(host, snapshot) {
  const dataset = snapshot.split("@")[0];
  const listed = await host
    .zfs("list", "-H", "-p", "-o", "name,guid", "-t", "snapshot", "-r", dataset)
    .catch(() => "");
  const line = listed.split("\n").find((row) => row.split("\t")[0] === snapshot);
  return line?.split("\t")[1];
}

/** Bytes `zfs send -nP` announces for a non-raw full send of `snapshot` (what zrelay sends). */
export async function streamBytes(host, snapshot) {
  const estimate = await host.zfs("send", "-n", "-P", "-L", "-e", "-c", snapshot);
  const size = /^size\s+(\d+)$/m.exec(estimate)?.[1];
  if (size === undefined) throw new Error(`zfs send -nP printed no size for ${snapshot}: ${estimate}`);
  return Number(size);
}

/** Creates `dataset` (and its parents) whose snapshots' streams are `bytes` long, and one snapshot of it. */
export async function snapshotOfSize(host, dataset, snapshotName, bytes) {
  await host.zfs("create", "-p", "-o", `zrelay:fake-stream-bytes=${bytes}`, dataset);
  await host.zfs("snapshot", `${dataset}@${snapshotName}`);
  return `${dataset}@${snapshotName}`;
}

/** Destroys `dataset` and everything below it, if it exists. */
export async function destroyIfPresent(host, dataset) {
  const present = await host.zfs("list", "-H", "-o", "name", dataset).then(
    () => true,
    () => false,
  );
  if (present) await host.zfs("destroy", "-r", dataset);
}
