import { statSync } from "node:fs";
import { printSync } from "./descriptor-io.js";
import { type EmulatorSubcommand, isZfsFailure } from "./emulator-command.js";

/** The variable naming the emulator's state directory. */
export const EMULATOR_ROOT_VARIABLE = "ZRELAY_FAKE_ZFS_ROOT";
/** What `zfs version` prints: an OpenZFS 2.3.2 that says it is emulated. */
export const EMULATOR_VERSION = "zfs-2.3.2-emulated\nzfs-kmod-2.3.2-emulated\n";

const permissionsAreNotModelled: EmulatorSubcommand = () => 0;

// Each process runs one subcommand: loading only its module halves what a
// `zfs list` spends starting (the send and receive modules bring in much more).
const datasetCommands = () => import("./dataset-commands.js");
const holdCommands = () => import("./hold-commands.js");
const keyCommands = () => import("./key-commands.js");
const listingCommands = () => import("./listing-commands.js");
const mountCommands = () => import("./mount-commands.js");

const SUBCOMMANDS: Readonly<Record<string, () => Promise<EmulatorSubcommand>>> = {
  list: async () => (await listingCommands()).zfsList,
  get: async () => (await listingCommands()).zfsGet,
  holds: async () => (await holdCommands()).zfsHolds,
  send: async () => (await import("./send-command.js")).zfsSend,
  receive: async () => (await import("./receive-command.js")).zfsReceive,
  recv: async () => (await import("./receive-command.js")).zfsReceive,
  create: async () => (await datasetCommands()).zfsCreate,
  destroy: async () => (await datasetCommands()).zfsDestroy,
  snapshot: async () => (await datasetCommands()).zfsSnapshot,
  snap: async () => (await datasetCommands()).zfsSnapshot,
  bookmark: async () => (await datasetCommands()).zfsBookmark,
  rollback: async () => (await datasetCommands()).zfsRollback,
  set: async () => (await datasetCommands()).zfsSet,
  inherit: async () => (await datasetCommands()).zfsInherit,
  hold: async () => (await holdCommands()).zfsHold,
  release: async () => (await holdCommands()).zfsRelease,
  "load-key": async () => (await keyCommands()).zfsLoadKey,
  "unload-key": async () => (await keyCommands()).zfsUnloadKey,
  mount: async () => (await mountCommands()).zfsMount,
  unmount: async () => (await mountCommands()).zfsUnmount,
  umount: async () => (await mountCommands()).zfsUnmount,
  allow: async () => permissionsAreNotModelled,
  unallow: async () => permissionsAreNotModelled,
};

/** The subcommand `name` (`list`, `create`…), or undefined when the emulator has none. */
export async function loadZfsSubcommand(name: string | undefined): Promise<EmulatorSubcommand | undefined> {
  const load = name === undefined || !Object.hasOwn(SUBCOMMANDS, name) ? undefined : SUBCOMMANDS[name];
  return load?.();
}

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
  const command = await loadZfsSubcommand(name);
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
