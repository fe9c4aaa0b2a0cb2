import { ErrorCode, ZrelayError } from "@zrelay/core";
import type { CommandResult, CommandRunner } from "./command-runner.js";
import { displayCommand, zfsFailureToError } from "./zfs-error-mapper.js";
import type { ZfsOperation } from "./zfs-operation.js";
import { ZfsOutputError } from "./zfs-output-error.js";

/** How a command ended, whichever way it was run. */
export interface CommandOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  readonly outputError?: string | undefined;
  readonly loginFailure?: string | undefined;
}

/** What the endpoint's parts share: one runner, one zfs command, one way to fail. */
export class ZfsCommandContext {
  readonly runner: CommandRunner;
  readonly zfs: string;

  constructor(runner: CommandRunner, zfs: string) {
    this.runner = runner;
    this.zfs = zfs;
  }

  get host(): string {
    return this.runner.host;
  }

  /** Runs argv; resolves with the result whatever the exit status. */
  run(argv: readonly string[]): Promise<CommandResult> {
    return this.runner.run(argv);
  }

  /** Runs argv and returns its stdout, or throws the ZrelayError its failure maps to. */
  async runOrFail(argv: readonly string[], operation: ZfsOperation): Promise<string> {
    const result = await this.runner.run(argv);
    if (result.exitCode !== 0) throw this.failure(operation, argv, result);
    return result.stdout;
  }

  failure(operation: ZfsOperation, argv: readonly string[], outcome: CommandOutcome): ZrelayError {
    return zfsFailureToError({
      operation,
      host: this.runner.host,
      user: this.runner.user,
      argv,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      stderr: outcome.stderr,
      outputError: outcome.outputError,
      loginFailure: outcome.loginFailure,
    });
  }

  /** Applies a parser, turning unreadable output into a ZrelayError naming host and command. */
  readOutput<T>(
    operation: ZfsOperation,
    argv: readonly string[],
    read: (output: string) => T,
    output: string,
  ): T {
    try {
      return read(output);
    } catch (error) {
      if (!(error instanceof ZfsOutputError)) throw error;
      throw new ZrelayError(
        ErrorCode.COMMAND_FAILED,
        `${operation.action} on ${this.host} failed: could not read the output of \`${displayCommand(argv)}\`: ${error.message}`,
        {
          host: this.host,
          dataset: operation.dataset,
          hint: `zrelay reads the output of OpenZFS 2.x; check \`zfs version\` on ${this.host} and that nothing wraps zfs and prints to stdout.`,
          cause: error,
        },
      );
    }
  }
}
