import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPool } from "./pool-commands.js";
import { transact } from "./state-transaction.js";
import { EMULATOR_ROOT_VARIABLE } from "./zfs-emulator-main.js";

/** Options of `createEmulatorHost`. */
export interface EmulatorHostOptions {
  /** Pools to create, each mounted at `<root>/mnt/<pool>`. Default `["src", "dst"]`. */
  readonly pools?: readonly string[];
  /**
   * Properties of every pool's root dataset (`zpool create -O`), inherited below:
   * e.g. `{ "zrelay:fake-stream-bytes": "524288" }` for longer streams.
   */
  readonly poolProperties?: Readonly<Record<string, string>>;
  /** Where the state directory is made. Default the OS temp directory. */
  readonly parentDirectory?: string;
}

/** A machine with the zfs emulator as its `zfs` (and `zpool`), for tests. */
export interface EmulatorHost {
  /** The state directory (`ZRELAY_FAKE_ZFS_ROOT`). */
  readonly root: string;
  /** Directory holding the `zfs` and `zpool` launchers. */
  readonly binDirectory: string;
  /** For processes that must find the emulator: PATH with `binDirectory` first, and ZRELAY_FAKE_ZFS_ROOT. */
  readonly env: Readonly<Record<string, string>>;
  /** Removes the state directory and every mountpoint in it. */
  dispose(): void;
}

/** `packages/testkit/bin`, from `src/emulator` and from `dist/emulator` alike. */
export const EMULATOR_BIN_DIRECTORY = fileURLToPath(new URL("../../bin", import.meta.url));

/**
 * A fresh emulator state directory with its pools. The launchers run the
 * built emulator (`dist/`): run `npm run build` first.
 */
export function createEmulatorHost(options: EmulatorHostOptions = {}): EmulatorHost {
  const built = join(EMULATOR_BIN_DIRECTORY, "..", "dist", "emulator", "zfs-emulator-main.js");
  if (!existsSync(built)) {
    throw new Error(`the zfs emulator is not built (${built} is missing): run \`npm run build\` first`);
  }
  const root = mkdtempSync(join(options.parentDirectory ?? tmpdir(), "zrelay-zfs-emulator-"));
  transact(root, (state) => {
    for (const pool of options.pools ?? ["src", "dst"]) createPool(state, pool, options.poolProperties ?? {});
  });
  return Object.freeze({
    root,
    binDirectory: EMULATOR_BIN_DIRECTORY,
    env: Object.freeze({
      PATH: `${EMULATOR_BIN_DIRECTORY}${delimiter}${process.env.PATH ?? ""}`,
      [EMULATOR_ROOT_VARIABLE]: root,
    }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  });
}
