import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { container, type DependencyContainer, inject, injectable, Lifecycle } from "tsyringe";
import type { constructor as ClassOf } from "tsyringe/dist/typings/types/index.js";
import { CliApp } from "./cli/cli-app.js";
import type { EndpointFactory } from "./endpoints/endpoint-factory.js";
import { SystemEndpointFactory } from "./endpoints/system-endpoint-factory.js";
import { RunLocks } from "./lock/run-locks.js";
import { ReporterFactory } from "./output/reporter-factory.js";
import { ConfigJobs } from "./run/config-jobs.js";
import { DoctorCommand } from "./run/doctor-command.js";
import { JobRunner } from "./run/job-runner.js";
import { JobsCommand } from "./run/jobs-command.js";
import { RestoreKeysCommand } from "./run/restore-keys-command.js";
import { RouteSelector } from "./run/route-selector.js";
import type { ConsoleStreams } from "./system/console-streams.js";
import type { ProcessInfo } from "./system/process-info.js";
import { ProcessShutdownSignals, type ShutdownSignals } from "./system/shutdown-signal.js";

/**
 * The only file that knows tsyringe. Classes elsewhere are plain TypeScript;
 * each is made injectable here with one typed token per constructor parameter
 * (`inject(TOKEN)` applied exactly as the `@inject(TOKEN)` decorator would be),
 * so nothing relies on emitted decorator metadata and any transformer works.
 */

/** A symbol that remembers the type it stands for. */
export type Token<T> = symbol & { readonly __type?: T };
const token = <T>(description: string): Token<T> => Symbol(description) as Token<T>;

export const Tokens = {
  consoleStreams: token<ConsoleStreams>("ConsoleStreams"),
  processInfo: token<ProcessInfo>("ProcessInfo"),
  endpointFactory: token<EndpointFactory>("EndpointFactory"),
  shutdownSignals: token<ShutdownSignals>("ShutdownSignals"),
  runLocks: token<RunLocks>("RunLocks"),
  routeSelector: token<RouteSelector>("RouteSelector"),
  jobRunner: token<JobRunner>("JobRunner"),
  jobsCommand: token<JobsCommand>("JobsCommand"),
  doctorCommand: token<DoctorCommand>("DoctorCommand"),
  restoreKeysCommand: token<RestoreKeysCommand>("RestoreKeysCommand"),
  reporterFactory: token<ReporterFactory>("ReporterFactory"),
  configJobs: token<ConfigJobs>("ConfigJobs"),
  cliApp: token<CliApp>("CliApp"),
} as const;

type TokensOf<P extends readonly unknown[]> = { readonly [K in keyof P]: Token<P[K]> };
// biome-ignore lint/suspicious/noExplicitAny: any constructor, whatever its parameters.
type Constructor = abstract new (...args: any[]) => unknown;

/**
 * `@inject(tokens[i])` on constructor parameter i, then `@injectable()` on the class,
 * in the order TypeScript applies the decorators (injectable reads the tokens).
 * The tokens are type-checked against the constructor's parameters.
 */
function injectWith<C extends Constructor>(target: C, ...tokens: TokensOf<ConstructorParameters<C>>): C {
  tokens.forEach((parameterToken, index) => {
    inject(parameterToken)(target, undefined, index);
  });
  injectable()(target as never);
  return target;
}

injectWith(RunLocks, Tokens.processInfo);
injectWith(RouteSelector);
injectWith(ConfigJobs);
injectWith(JobRunner, Tokens.endpointFactory, Tokens.runLocks, Tokens.routeSelector, Tokens.processInfo);
injectWith(JobsCommand, Tokens.jobRunner, Tokens.shutdownSignals, Tokens.processInfo);
injectWith(DoctorCommand, Tokens.endpointFactory);
injectWith(RestoreKeysCommand, Tokens.endpointFactory);
injectWith(ReporterFactory, Tokens.consoleStreams, Tokens.processInfo);
injectWith(
  CliApp,
  Tokens.jobsCommand,
  Tokens.doctorCommand,
  Tokens.restoreKeysCommand,
  Tokens.reporterFactory,
  Tokens.configJobs,
  Tokens.consoleStreams,
);

/** What a test (or the demo) replaces; everything else is the real thing. */
export interface CliOverrides {
  readonly consoleStreams?: ConsoleStreams;
  readonly processInfo?: ProcessInfo;
  readonly endpointFactory?: EndpointFactory;
  readonly shutdownSignals?: ShutdownSignals;
}

/** The zrelay command with its services, in a container of its own. */
export function createCli(overrides: CliOverrides = {}): CliApp {
  const scope = container.createChildContainer();
  scope.register(Tokens.consoleStreams, { useValue: overrides.consoleStreams ?? processConsole() });
  scope.register(Tokens.processInfo, { useValue: overrides.processInfo ?? currentProcess() });
  scope.register(Tokens.endpointFactory, {
    useValue: overrides.endpointFactory ?? new SystemEndpointFactory(),
  });
  scope.register(Tokens.shutdownSignals, {
    useValue: overrides.shutdownSignals ?? new ProcessShutdownSignals(),
  });
  registerClass(scope, Tokens.runLocks, RunLocks);
  registerClass(scope, Tokens.routeSelector, RouteSelector);
  registerClass(scope, Tokens.configJobs, ConfigJobs);
  registerClass(scope, Tokens.jobRunner, JobRunner);
  registerClass(scope, Tokens.jobsCommand, JobsCommand);
  registerClass(scope, Tokens.doctorCommand, DoctorCommand);
  registerClass(scope, Tokens.restoreKeysCommand, RestoreKeysCommand);
  registerClass(scope, Tokens.reporterFactory, ReporterFactory);
  registerClass(scope, Tokens.cliApp, CliApp);
  return scope.resolve(Tokens.cliApp);
}

function registerClass<T>(scope: DependencyContainer, key: Token<T>, target: ClassOf<T>): void {
  scope.register(key, { useClass: target }, { lifecycle: Lifecycle.ContainerScoped });
}

function processConsole(): ConsoleStreams {
  return { stdout: process.stdout, stderr: process.stderr, stdoutIsTerminal: process.stdout.isTTY === true };
}

function currentProcess(): ProcessInfo {
  return {
    env: process.env,
    pid: process.pid,
    command: ["zrelay", ...process.argv.slice(2)].join(" "),
    now: () => new Date(),
    monotonicMs: () => performance.now(),
  };
}
