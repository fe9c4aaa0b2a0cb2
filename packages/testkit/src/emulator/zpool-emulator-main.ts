import { mkdirSync } from "node:fs";
import { printSync } from "./descriptor-io.js";
import type { EmulatorSubcommand } from "./emulator-command.js";
import { zpoolCreate, zpoolList } from "./pool-commands.js";
import { EMULATOR_ROOT_VARIABLE, runWithRoot } from "./zfs-emulator-main.js";

const SUBCOMMANDS: Readonly<Record<string, EmulatorSubcommand>> = { create: zpoolCreate, list: zpoolList };

/** Runs one `zpool` command line (without argv[0]): `create` and `list` only. */
export async function runZpoolEmulator(
  args: readonly string[],
  environment: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [name, ...rest] = args;
  const command = name === undefined ? undefined : SUBCOMMANDS[name];
  if (command === undefined) {
    printSync(
      2,
      `${name === undefined ? "missing command" : `unrecognized command '${name}'`}\nusage: zpool command args ...\n`,
    );
    return 2;
  }
  // The first `zpool create` makes the state directory, as installing a machine would.
  const root = environment[EMULATOR_ROOT_VARIABLE];
  if (name === "create" && root) mkdirSync(root, { recursive: true });
  return runWithRoot(environment, (dir) => command(rest, { root: dir }));
}

/** Entry point of `bin/zpool`. */
export async function main(): Promise<void> {
  process.exit(await runZpoolEmulator(process.argv.slice(2)));
}
