import { Command, CommanderError } from "commander";
import { defineMonitoringCommands } from "./cli/monitoring-commands.js";
import type { EndpointFactory } from "./endpoints/endpoint-factory.js";
import { MonitoringCommand } from "./run/monitoring-command.js";
import { cliVersion } from "./system/cli-version.js";

/**
 * `zrelay status` and `zrelay check` without the rest of the app: Nagios starts the
 * check every few minutes, and loading the SSH and replication code would be most
 * of its time. `--live`, which opens the hosts, goes through the whole app instead.
 * Resolves to the exit status.
 */
export async function runMonitoring(argv: readonly string[]): Promise<number> {
  const streams = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTerminal: process.stdout.isTTY === true,
  };
  const notConnecting: EndpointFactory = {
    open: () => Promise.reject(new Error("status and check read the run state; only --live opens hosts")),
  };
  const monitoring = new MonitoringCommand(
    streams,
    {
      env: process.env,
      pid: process.pid,
      command: ["zrelay", ...argv].join(" "),
      now: () => new Date(),
      monotonicMs: () => performance.now(),
    },
    notConnecting,
  );
  let exit = 0;
  const program = new Command("zrelay")
    .version(cliVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      // Nagios reads only stdout: a bad check command line is an UNKNOWN line there.
      outputError: (text, write) =>
        argv[0] === "check"
          ? process.stdout.write(`ZRELAY UNKNOWN - ${text.replace(/^error: /, "").trim()}\n`)
          : write(`🚨 ${text}`),
    });
  defineMonitoringCommands(program, monitoring, (code) => (exit = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 0;
    // As the whole app does: a bad check command line is UNKNOWN to a monitoring system.
    return argv[0] === "check" ? 3 : 2;
  }
  return exit;
}
