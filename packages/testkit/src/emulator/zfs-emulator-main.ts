import { statSync } from "node:fs";
import {
  zfsBookmark,
  zfsCreate,
  zfsDestroy,
  zfsInherit,
  zfsRollback,
  zfsSet,
  zfsSnapshot,
} from "./dataset-commands.js";
import { printSync } from "./descriptor-io.js";
import { type EmulatorSubcommand, isZfsFailure } from "./emulator-command.js";
import { zfsHold, zfsHolds, zfsRelease } from "./hold-commands.js";
import { zfsLoadKey, zfsUnloadKey } from "./key-commands.js";
import { zfsGet, zfsList } from "./listing-commands.js";
import { zfsMount, zfsUnmount } from "./mount-commands.js";
import { zfsReceive } from "./receive-command.js";
import { zfsSend } from "./send-command.js";

/** The variable naming the emulator's state directory. */
export const EMULATOR_ROOT_VARIABLE = "ZRELAY_FAKE_ZFS_ROOT";
/** What `zfs version` prints: an OpenZFS 2.3.2 that says it is emulated. */
export const EMULATOR_VERSION = "zfs-2.3.2-emulated\nzfs-kmod-2.3.2-emulated\n";

const permissionsAreNotModelled: EmulatorSubcommand = () => 0;

const SUBCOMMANDS: Readonly<Record<string, EmulatorSubcommand>> = {
  list: zfsList,
  get: zfsGet,
  holds: zfsHolds,
  send: zfsSend,
  receive: zfsReceive,
  recv: zfsReceive,
  create: zfsCreate,
  destroy: zfsDestroy,
  snapshot: zfsSnapshot,
  snap: zfsSnapshot,
  bookmark: zfsBookmark,
  rollback: zfsRollback,
  set: zfsSet,
  inherit: zfsInherit,
  hold: zfsHold,
  release: zfsRelease,
  "load-key": zfsLoadKey,
  "unload-key": zfsUnloadKey,
  mount: zfsMount,
  unmount: zfsUnmount,
  umount: zfsUnmount,
  allow: permissionsAreNotModelled,
  unallow: permissionsAreNotModelled,
};

/** Runs one `zfs` command line (without argv[0]); resolves with its exit status. */
export async function runZfsEmulator(
  args: readonly string[],
  environment: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === "version") {
    printSync(1, EMULATOR_VERSION);
    return 0;
  }
  const command = name === undefined ? undefined : SUBCOMMANDS[name];
  if (command === undefined) {
    printSync(
      2,
      `${name === undefined ? "missing command" : `unrecognized command '${name}'`}\nusage: zfs command args ...\n`,
    );
    return 2;
  }
  return runWithRoot(environment, (root) => command(rest, { root }));
}

/** Resolves the state directory, then runs; a zfs failure prints its message and exits with its status. */
export async function runWithRoot(
  environment: NodeJS.ProcessEnv,
  run: (root: string) => number | Promise<number>,
): Promise<number> {
  const root = environment[EMULATOR_ROOT_VARIABLE];
  if (root === undefined || root === "") {
    printSync(
      2,
      `zfs emulator: ${EMULATOR_ROOT_VARIABLE} is not set; point it at the emulator's state directory (docs/zfs-emulator.md)\n`,
    );
    return 2;
  }
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    printSync(
      2,
      `zfs emulator: ${EMULATOR_ROOT_VARIABLE}=${root} is not a directory; create it, then its pools with \`zpool create\`\n`,
    );
    return 2;
  }
  try {
    return await run(root);
  } catch (error) {
    if (isZfsFailure(error)) {
      printSync(2, error.stderr);
      return error.exitStatus;
    }
    printSync(2, `zfs emulator: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}

/** Entry point of `bin/zfs`. */
export async function main(): Promise<void> {
  process.exit(await runZfsEmulator(process.argv.slice(2)));
}
