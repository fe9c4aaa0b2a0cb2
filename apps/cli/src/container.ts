import { performance } from "node:perf_hooks";
import { container, type DependencyContainer, type InjectionToken, instanceCachingFactory } from "tsyringe";
import { CliApp } from "./cli/cli-app.js";
import type { EndpointFactory } from "./endpoints/endpoint-factory.js";
import { SystemEndpointFactory } from "./endpoints/system-endpoint-factory.js";
import { RunLocks } from "./lock/run-locks.js";
import { ReporterFactory } from "./output/reporter-factory.js";
import { DoctorCommand } from "./run/doctor-command.js";
import { JobRunner } from "./run/job-runner.js";
import { JobsCommand } from "./run/jobs-command.js";
import { MonitoringCommand } from "./run/monitoring-command.js";
import { RestoreKeysCommand } from "./run/restore-keys-command.js";
import { SnapshotCommand } from "./run/snapshot-command.js";
import { type ConsoleStreams, processConsoleStreams } from "./system/console-streams.js";
import type { ProcessInfo } from "./system/process-info.js";
import { ProcessShutdownSignals, type ShutdownSignals } from "./system/shutdown-signal.js";
import { wallClock } from "./system/wall-clock.js";

/**
 * The only file that knows tsyringe. Classes elsewhere are plain TypeScript; each
 * is registered here with a factory that names its constructor arguments, so
 * nothing reads decorator metadata and any transformer (tsc, esbuild, vitest)
 * builds it. Tokens exist only for what a test or the demo substitutes; the
 * other services are keyed by their class. The entry point (and vitest's
 * setupFiles) import `reflect-metadata` before this file, as tsyringe requires.
 */

/** A symbol that remembers the type it stands for. */
export type Token<T> = symbol & { readonly __type?: T };

const token = <T>(description: string): Token<T> => Symbol(description) as Token<T>;

/** What a test (or the demo) replaces; everything else is the real thing. */
export const Tokens = {
  consoleStreams: token<ConsoleStreams>("ConsoleStreams"),
  processInfo: token<ProcessInfo>("ProcessInfo"),
  endpointFactory: token<EndpointFactory>("EndpointFactory"),
  shutdownSignals: token<ShutdownSignals>("ShutdownSignals"),
} as const;

/** Values for the tokens; those left out are the real process, streams, hosts and signals. */
export interface CliOverrides {
  readonly consoleStreams?: ConsoleStreams;
  readonly processInfo?: ProcessInfo;
  readonly endpointFactory?: EndpointFactory;
  readonly shutdownSignals?: ShutdownSignals;
}

/** The zrelay command with its services, in a container of its own. */
export function createCli(overrides: CliOverrides = {}): CliApp {
  const scope = container.createChildContainer();
  scope.register(Tokens.consoleStreams, { useValue: overrides.consoleStreams ?? processConsoleStreams() });
  scope.register(Tokens.processInfo, { useValue: overrides.processInfo ?? currentProcess() });
  scope.register(Tokens.endpointFactory, {
    useValue: overrides.endpointFactory ?? new SystemEndpointFactory(),
  });
  scope.register(Tokens.shutdownSignals, {
    useValue: overrides.shutdownSignals ?? new ProcessShutdownSignals(),
  });

  const get = <T>(key: Token<T>): T => scope.resolve<T>(key);
  provide(scope, RunLocks, () => new RunLocks(get(Tokens.processInfo)));
  provide(
    scope,
    JobRunner,
    (c) => new JobRunner(get(Tokens.endpointFactory), c.resolve(RunLocks), get(Tokens.processInfo)),
  );
  provide(
    scope,
    JobsCommand,
    (c) => new JobsCommand(c.resolve(JobRunner), get(Tokens.shutdownSignals), get(Tokens.processInfo)),
  );
  provide(scope, DoctorCommand, () => new DoctorCommand(get(Tokens.endpointFactory)));
  provide(scope, RestoreKeysCommand, () => new RestoreKeysCommand(get(Tokens.endpointFactory)));
  provide(
    scope,
    SnapshotCommand,
    () => new SnapshotCommand(get(Tokens.endpointFactory), get(Tokens.processInfo)),
  );
  provide(
    scope,
    ReporterFactory,
    () => new ReporterFactory(get(Tokens.consoleStreams), get(Tokens.processInfo)),
  );
  provide(
    scope,
    MonitoringCommand,
    () =>
      new MonitoringCommand(get(Tokens.consoleStreams), get(Tokens.processInfo), get(Tokens.endpointFactory)),
  );
  provide(
    scope,
    CliApp,
    (c) =>
      new CliApp(
        c.resolve(JobsCommand),
        c.resolve(DoctorCommand),
        c.resolve(RestoreKeysCommand),
        c.resolve(ReporterFactory),
        get(Tokens.consoleStreams),
        c.resolve(MonitoringCommand),
        c.resolve(SnapshotCommand),
      ),
  );
  return scope.resolve(CliApp);
}

/** One instance of `key` per container, built by `build` on first use. */
function provide<T>(
  scope: DependencyContainer,
  key: InjectionToken<T>,
  build: (c: DependencyContainer) => T,
): void {
  scope.register(key, { useFactory: instanceCachingFactory(build) });
}

function currentProcess(): ProcessInfo {
  return {
    env: process.env,
    pid: process.pid,
    command: ["zrelay", ...process.argv.slice(2)].join(" "),
    now: wallClock(process.env),
    monotonicMs: () => performance.now(),
  };
}
