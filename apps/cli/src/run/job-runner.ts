import type { JobPlan, PlanStep, ZfsEndpoint } from "@zrelay/core";
import { isTransferStep, sendRequestFor } from "@zrelay/core";
import { asReportedError, ExitCode, reportFailure } from "../cli/exit-codes.js";
import type { EndpointFactory, OpenEndpoint } from "../endpoints/endpoint-factory.js";
import { pacedEndpoint } from "../endpoints/paced-endpoint.js";
import { lockedTreesOf } from "../job/dataset-trees.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunLocks } from "../lock/run-locks.js";
import type { JobContext, RunMode, RunReporter } from "../output/run-reporter.js";
import { type JobPruneResult, pruneJob } from "../prune/job-prune.js";
import { SnapshotListings } from "../state/snapshot-listings.js";
import type { ProcessInfo } from "../system/process-info.js";
import { excludedRootWarnings } from "./excluded-roots.js";
import { type JobResult, outcomesOfPlan, outcomesOfRun } from "./job-result.js";
import { noSnapshotWarnings, takeJobSnapshots } from "./job-snapshots.js";
import { withPlannedSnapshots } from "./planned-snapshots.js";
import { plannedToSucceed, replicated } from "./prune-eligibility.js";
import { routeFor } from "./route-selector.js";

/** How one job is run in this invocation. */
export interface JobRunSettings {
  readonly mode: RunMode;
  /** Lock the trees the job writes while it runs; not in plan mode, which changes nothing. */
  readonly lock: boolean;
  readonly reporter: RunReporter;
  readonly signal: AbortSignal;
  /** The config file the job came from, named in its error lines; undefined for a command-line job. */
  readonly configPath?: string | undefined;
  /**
   * Called with the job's result before its lock is released (the run state is recorded
   * here, so a run that starts right after this one never has its state overwritten).
   */
  readonly beforeUnlock?: ((result: JobResult) => void) | undefined;
  /** The time in the names of the snapshots this run takes (one reading per run). Default: now. */
  readonly snapshotTime?: Date | undefined;
}

/**
 * Runs one job: lock, connect both sides, list and plan, then replicate (or
 * only show the plan), reporting as it goes. Never throws: a failure of the
 * whole job is reported and becomes its exit code.
 */
export class JobRunner {
  readonly #endpoints: EndpointFactory;
  readonly #locks: RunLocks;
  readonly #process: ProcessInfo;

  constructor(endpoints: EndpointFactory, locks: RunLocks, process: ProcessInfo) {
    this.#endpoints = endpoints;
    this.#locks = locks;
    this.#process = process;
  }

  async run(job: JobDefinition, settings: JobRunSettings): Promise<JobResult> {
    // Already the job's own reporter (JobsCommand's forJob): its lines name the job.
    const { reporter } = settings;
    const opened: OpenEndpoint[] = [];
    const lock = settings.lock ? await this.#tryLock(job, reporter) : undefined;
    if (typeof lock === "number") return { job: job.name, outcomes: [], exitCode: lock };
    // What the run state records: the listings as they were read, and how the job ended.
    const listings = new SnapshotListings();
    const observed = {
      startedAt: this.#seconds(),
      sourceHost: job.source.host ?? "localhost",
      targetHost: job.target.host ?? "localhost",
      listings,
    };
    let finished: JobResult | undefined;
    try {
      const open = async (role: "source" | "target") => {
        const side = role === "source" ? job.source : job.target;
        const endpoint = await this.#endpoints.open({
          side,
          role,
          acceptNewHostKey: job.options.acceptNewHostKey,
          onCommand: (host, command) => reporter.debug(`${host}: ${command}`),
        });
        opened.push(endpoint);
        const { bwlimit } = job.options;
        // Pacing the receiving side paces the stream whichever side runs where.
        return role === "target" && bwlimit !== undefined
          ? pacedEndpoint(endpoint.endpoint, bwlimit)
          : endpoint.endpoint;
      };
      const source = listings.record("source", await open("source"));
      observed.sourceHost = source.host;
      const target = listings.record("target", await open("target"));
      observed.targetHost = target.host;
      // Per dataset: snapshot → replicate (→ keep the chain) → prune, each step after the one before.
      const snapshotTime = settings.snapshotTime ?? this.#process.now();
      const snapshots = await takeJobSnapshots(job, source, snapshotTime, settings.mode, reporter);
      const snapshotsTaken = snapshots.ok;
      // A plan goes on as if they had been taken: it replicates and prunes as the run would.
      const planned = withPlannedSnapshots(source, snapshots.wouldTake, snapshotTime);
      const route = routeFor(job, planned, target, reporter);
      const plan = await route.plan();
      const context = jobContext(job, source, target);
      this.#announce(context, plan, settings, reporter);
      const prune = (succeeded: ReadonlySet<string>) =>
        pruneJob({
          job,
          source: planned,
          target,
          plan,
          succeeded,
          mode: settings.mode,
          reporter,
          ...this.#pruneClock(),
        });
      if (settings.mode === "plan") {
        reporter.showPlan(context, plan);
        const pruned = await prune(plannedToSucceed(plan));
        return result(job.name, outcomesOfPlan(job.name, plan), { snapshotsTaken, prune: pruned });
      }
      const report = await route.execute(plan, {
        signal: settings.signal,
        onEvent: (event) => reporter.event(event),
        concurrency: job.options.jobs,
        now: () => this.#process.monotonicMs(),
      });
      // An interrupted run prunes nothing: what it replicated is not known to be complete.
      const pruned =
        report.cancelled || settings.signal.aborted ? undefined : await prune(replicated(report));
      finished = {
        ...result(job.name, outcomesOfRun(job.name, plan, report), { snapshotsTaken, prune: pruned }),
        observed: { ...observed, finishedAt: this.#seconds(), plan, report },
      };
      return finished;
    } catch (error) {
      const failure = asReportedError(error);
      finished = {
        job: job.name,
        outcomes: [],
        exitCode: reportFailure(failure, reporter),
        observed: { ...observed, finishedAt: this.#seconds(), error: failure },
      };
      return finished;
    } finally {
      for (const endpoint of opened.reverse()) await endpoint.close().catch(() => undefined);
      if (finished !== undefined) settings.beforeUnlock?.(finished);
      lock?.release();
    }
  }

  #seconds(): number {
    return Math.floor(this.#process.now().getTime() / 1000);
  }

  /** Retention's clock: the wall clock now, and the period buckets in the local time zone (`TZ`). */
  #pruneClock(): { now: number; timeZone: string } {
    return { now: this.#seconds(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  }

  async #tryLock(job: JobDefinition, reporter: RunReporter) {
    try {
      return await this.#locks.acquire(lockedTreesOf(job), (message) => reporter.debug(message));
    } catch (error) {
      return reportFailure(error, reporter);
    }
  }

  #announce(context: JobContext, plan: JobPlan, settings: JobRunSettings, reporter: RunReporter): void {
    reporter.jobStarted(context, plan, settings.mode);
    for (const missing of plan.missingRoots) reporter.failure(missing);
    // Debug, not a warning: `defaults.exclude` applies to every job, and most jobs have no match.
    for (const pattern of plan.unmatchedExcludes)
      reporter.debug(`exclude pattern ${pattern} matches no dataset`);
    for (const warning of excludedRootWarnings(context.job, plan)) reporter.warning(warning);
    for (const warning of noSnapshotWarnings(context.job, plan, context.sourceHost)) {
      reporter.warning(warning);
    }
  }
}

/** How the stages around replication went: snapshots taken (or not needed), and the prune. */
interface StageResults {
  readonly snapshotsTaken: boolean;
  readonly prune?: JobPruneResult | undefined;
}

function result(
  job: string,
  outcomes: JobResult["outcomes"],
  { snapshotsTaken, prune }: StageResults = { snapshotsTaken: true },
): JobResult {
  const failed =
    !snapshotsTaken || outcomes.some((outcome) => outcome.result === "failed") || (prune?.failed ?? 0) > 0;
  return { job, outcomes, exitCode: failed ? ExitCode.FAILED : ExitCode.OK, pruned: prune?.pruned ?? 0 };
}

function jobContext(job: JobDefinition, source: ZfsEndpoint, target: ZfsEndpoint): JobContext {
  return {
    job,
    sourceHost: source.host,
    targetHost: target.host,
    estimate: (step: PlanStep) =>
      isTransferStep(step) ? source.estimateSendSize(sendRequestFor(step)) : Promise.resolve(undefined),
  };
}
