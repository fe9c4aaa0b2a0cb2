import { type CommandRunner, displayCommand } from "@zrelay/zfs-command";

/** A CommandRunner that reports each command line before running it (for `--debug`). */
export function loggingRunner(
  runner: CommandRunner,
  onCommand: (host: string, command: string) => void,
): CommandRunner {
  const log = (argv: readonly string[]) => onCommand(runner.host, displayCommand(argv));
  return {
    host: runner.host,
    user: runner.user,
    run(argv) {
      log(argv);
      return runner.run(argv);
    },
    startWithOutput(argv, sink) {
      log(argv);
      return runner.startWithOutput(argv, sink);
    },
    startWithInput(argv) {
      log(argv);
      return runner.startWithInput(argv);
    },
  };
}
