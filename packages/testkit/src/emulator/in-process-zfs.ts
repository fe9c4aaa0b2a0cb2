import { isZfsFailure } from "./emulator-command.js";
import { loadZfsSubcommand } from "./zfs-emulator-main.js";

// Streaming subcommands write their stream to the process's own descriptors: a
// fixture has no use for them, and the endpoint under test runs them as processes.
const STREAMING = new Set(["send", "receive", "recv"]);

/**
 * Runs one emulator `zfs` command line inside this process, under the same
 * state lock as the emulator's processes, and resolves with what it printed on
 * stdout; rejects with its stderr when it fails. A conformance fixture's
 * set-up and inspection this way costs a state load instead of a process start
 * (≈ 120 ms each), while the endpoint under test still runs real `zfs` processes.
 */
export async function runZfsInProcess(root: string, args: readonly string[]): Promise<string> {
  const [name, ...rest] = args;
  const command = STREAMING.has(name ?? "") ? undefined : await loadZfsSubcommand(name);
  if (command === undefined) throw new Error(`zfs ${args.join(" ")}: not a fixture command of the emulator`);
  const output = { 1: "", 2: "" };
  let status: number;
  try {
    status = await command(rest, { root, print: (fd, text) => (output[fd] += text) });
  } catch (error) {
    if (!isZfsFailure(error)) throw error;
    output[2] += error.stderr;
    status = error.exitStatus;
  }
  if (status !== 0) throw new Error(`\`zfs ${args.join(" ")}\` failed (${status}): ${output[2].trim()}`);
  return output[1];
}
