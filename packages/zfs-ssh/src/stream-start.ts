import type { ByteSink } from "@zrelay/core";
import type { InputCommand, RunningCommand } from "@zrelay/zfs-command";

/**
 * A data path: how a send or receive stream reaches the host. Takes the
 * already quoted remote command line, and the argv as a person would type it
 * for messages.
 */
export interface StreamStart {
  startWithOutput(commandLine: string, display: string, sink: ByteSink): RunningCommand;
  startWithInput(commandLine: string, display: string): InputCommand;
}
