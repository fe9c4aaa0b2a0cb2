import type { ByteSink } from "@zrelay/core";
import { type CommandResult, type CommandRunner, displayCommand } from "@zrelay/zfs-command";
import { runOverControl } from "./control-command.js";
import { opensshStreams } from "./openssh-streams.js";
import { remoteCommandLine } from "./remote-command-line.js";
import { SshControlConnection } from "./ssh-control-connection.js";
import type { SshSettings } from "./ssh-settings.js";
import { ssh2Streams } from "./ssh2-streams.js";
import { sudoRefusal } from "./sudo-refusal.js";

/** A CommandRunner for one host over SSH, holding its control connection. */
export interface SshCommandRunner extends CommandRunner {
  /** Ends the control connection (running streams of the OpenSSH data path are not touched). */
  close(): Promise<void>;
}

/**
 * Short commands run over exec channels of one ssh2 control connection;
 * streams take the data path the settings chose. Every argv is quoted here,
 * once, into the remote command line.
 */
export function createSshCommandRunner(settings: SshSettings): SshCommandRunner {
  const connection = new SshControlConnection(settings);
  const streams = settings.dataPath === "openssh" ? opensshStreams(settings) : ssh2Streams(connection);
  const line = (argv: readonly string[]) => remoteCommandLine(argv, { sudo: settings.sudo });
  return Object.freeze({
    host: settings.label,
    // With sudo every command runs as root: that is who needs the permissions.
    user: settings.sudo ? "root" : settings.user,
    async run(argv: readonly string[]): Promise<CommandResult> {
      const result = await runOverControl(connection, settings, line(argv), displayCommand(argv));
      const refused = settings.sudo ? sudoRefusal(result, settings, argv[0] ?? "zfs") : undefined;
      if (refused !== undefined) throw refused;
      return result;
    },
    startWithOutput: (argv: readonly string[], sink: ByteSink) =>
      streams.startWithOutput(line(argv), displayCommand(argv), sink),
    startWithInput: (argv: readonly string[]) => streams.startWithInput(line(argv), displayCommand(argv)),
    close: () => connection.close(),
  });
}
