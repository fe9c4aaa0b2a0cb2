import type { CommandExit, InputCommand, RunningCommand } from "@zrelay/zfs-command";
import { createLocalCommandRunner } from "@zrelay/zfs-local";
import { opensshArgv } from "./openssh-argv.js";
import { readOpensshExit } from "./openssh-exit.js";
import type { SshSettings } from "./ssh-settings.js";
import type { StreamStart } from "./stream-start.js";

/**
 * The OpenSSH data path: one `ssh` process per stream, run by the local
 * runner, so the stream's pipe is handed between processes (a local zfs, the
 * ssh client) and its bytes never pass through Node; each stream's encryption
 * runs in its own process, on its own core.
 */
export function opensshStreams(settings: SshSettings): StreamStart {
  const local = createLocalCommandRunner({ host: settings.label });
  const read = (command: RunningCommand): RunningCommand => ({
    exit: command.exit.then((exit: CommandExit) =>
      readOpensshExit(exit, settings.address, () => command.bytesTransferred()),
    ),
    kill: () => command.kill(),
    bytesTransferred: () => command.bytesTransferred(),
  });
  return {
    startWithOutput(commandLine, _display, sink) {
      return read(local.startWithOutput(opensshArgv(settings, commandLine), sink));
    },
    startWithInput(commandLine): InputCommand {
      const started = local.startWithInput(opensshArgv(settings, commandLine));
      return { sink: started.sink, command: read(started.command) };
    },
  };
}
