import { printSync } from "./descriptor-io.js";
import type { EmulatorState } from "./emulator-state.js";
import { CommandReport, transact } from "./state-transaction.js";

/** Where a command's state lives. */
export interface EmulatorEnvironment {
  /** `ZRELAY_FAKE_ZFS_ROOT`: the state file, its lock and the mount directory. */
  readonly root: string;
  /**
   * Where a reporting command's output goes. Default the process's own stdout
   * and stderr; a test fixture running commands in-process collects it instead.
   */
  readonly print?: (fd: 1 | 2, text: string) => void;
}

/** One subcommand: its arguments after the subcommand name; resolves with the exit status. */
export type EmulatorSubcommand = (
  args: readonly string[],
  env: EmulatorEnvironment,
) => number | Promise<number>;

/**
 * A subcommand that runs in one critical section and prints afterwards, so a
 * slow reader of its output never holds up other emulator processes.
 */
export function reportingCommand(
  run: (state: EmulatorState, report: CommandReport, args: readonly string[]) => void,
  /** `check` for read-only commands: nothing is saved, which matters on large states. */
  mode: "write" | "check" = "write",
): EmulatorSubcommand {
  return (args, env) => {
    const report = new CommandReport();
    try {
      transact(env.root, (state) => run(state, report, args), mode);
    } catch (error) {
      if (!isZfsFailure(error)) throw error;
      report.fail(error);
    }
    const print = env.print ?? printSync;
    print(1, report.stdout);
    print(2, report.stderr);
    return report.status;
  };
}

/** A FakeZfsError, read structurally (it carries what zfs prints and its exit status). */
export function isZfsFailure(
  error: unknown,
): error is { readonly stderr: string; readonly exitStatus: number } {
  return (
    error instanceof Error &&
    typeof (error as { stderr?: unknown }).stderr === "string" &&
    typeof (error as { exitStatus?: unknown }).exitStatus === "number"
  );
}
