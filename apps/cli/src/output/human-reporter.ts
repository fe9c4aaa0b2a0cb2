import {
  type ExecutorEvent,
  isTransferStep,
  isZrelayError,
  type JobPlan,
  type RunDataset,
  type ZrelayError,
} from "@zrelay/core";
import type { SidePrune } from "../prune/side-prune.js";
import { bold } from "./ansi-style.js";
import { countOf, formatBytes, formatDuration } from "./format-units.js";
import { jobPrefix } from "./job-prefix.js";
import type { OutputTiers } from "./output-tiers.js";
import { describeStep, stepDetail } from "./plan-lines.js";
import type { ProgressDisplay } from "./progress-display.js";
import { pruneKeptLines, pruneLines } from "./prune-lines.js";
import type { JobContext, JobScope, RunMode, RunReporter, RunTally } from "./run-reporter.js";

/**
 * Lines for people and cron mail: short info lines per dataset, details with
 * --debug, errors on stderr, one summary line at the end; a live display per
 * running transfer on a terminal.
 */
export class HumanReporter implements RunReporter {
  readonly #tiers: OutputTiers;
  readonly #terminal: boolean;
  readonly #progress: ProgressDisplay | undefined;
  readonly #scope: JobScope | undefined;
  #context: JobContext | undefined;
  /** The job whose reporter this is (`forJob`): its transfers' keys in the shared live display. */
  readonly #job: string;

  constructor(
    tiers: OutputTiers,
    terminal: boolean,
    progress: ProgressDisplay | undefined,
    scope?: JobScope,
  ) {
    this.#tiers = tiers;
    this.#terminal = terminal;
    this.#progress = progress;
    this.#scope = scope;
    this.#job = scope?.job ?? "";
    if (progress !== undefined) tiers.around(progress.clear, progress.redraw);
  }

  forJob(scope: JobScope, tagged: boolean): RunReporter {
    // A reporter of its own per job: each keeps its job's context (the live display's estimates).
    const tiers = tagged ? this.#tiers.tagged(scope.job) : this.#tiers;
    return new HumanReporter(tiers, this.#terminal, this.#progress, scope);
  }

  jobStarted(context: JobContext, plan: JobPlan, mode: RunMode): void {
    this.#context = context;
    const { job } = context;
    const head = this.#tiers.isTagged ? "" : `${job.name}: `;
    this.#tiers.info(`${head}${countOf(plan.datasets.length, "dataset")}`);
    this.debug(
      `${job.kind} from ${context.sourceHost} (${job.datasets.join(", ")}) to ${context.targetHost}` +
        (mode === "plan" ? "; plan only, nothing will change" : ""),
    );
    if (plan.excluded.length > 0) this.debug(`excluded: ${plan.excluded.join(", ")}`);
  }

  showPlan(_context: JobContext, plan: JobPlan): void {
    for (const dataset of plan.datasets) this.#showDataset(dataset);
  }

  event(event: ExecutorEvent): void {
    const { source } = event;
    switch (event.kind) {
      case "dataset-start":
        this.debug(`${source} → ${event.target}: ${countOf(event.steps.length, "step")}`);
        return;
      case "step-start":
        this.#stepStarted(event);
        return;
      case "progress":
        this.#progress?.update(this.#key(source), event.bytes);
        return;
      case "step-done": {
        this.#progress?.remove(this.#key(source));
        const moved = isTransferStep(event.step) ? `, ${formatBytes(event.bytes)}` : "";
        this.debug(`${source}: step ${event.index + 1}/${event.count} done${moved}`);
        return;
      }
      case "dataset-done":
        this.#progress?.remove(this.#key(source));
        this.#tiers.info(
          `${source}: ${countOf(event.snapshots.length, "snapshot")}, ${formatBytes(event.bytes)} in ${formatDuration(event.durationMs)}`,
        );
        return;
      case "dataset-up-to-date":
        this.#tiers.info(`${source}: up to date`);
        this.debug(
          `${source}: latest @${event.latest.name} (guid ${event.latest.guid}) is on ${event.target}`,
        );
        return;
      case "dataset-skipped":
        this.#tiers.info(`${source}: skipped (${event.reason})`);
        return;
      case "dataset-failed":
        this.#progress?.remove(this.#key(source));
        this.failure(event.error, source);
        return;
    }
  }

  prune(prune: SidePrune, mode: RunMode): void {
    const lines = pruneLines(prune, mode);
    // Nothing to destroy is worth a line only with --debug: most runs of most datasets prune nothing.
    const quietLine = prune.plan.destroy.length === 0;
    for (const line of lines) {
      const text = line.destructive ? bold(line.text, this.#terminal) : line.text;
      if (quietLine) this.debug(text);
      else this.#tiers.info(text);
    }
    if (mode === "run")
      for (const d of prune.plan.destroy)
        this.debug(`${prune.dataset}: destroyed @${d.snapshot.name}: ${d.reason}`);
    for (const line of pruneKeptLines(prune)) this.debug(line);
  }

  failure(error: ZrelayError, source?: string): void {
    const prefix = jobPrefix(this.#scope, source, !this.#tiers.showsInfo, this.#tiers.isTagged);
    const message = prefix + (source === undefined ? error.message : `${source}: ${error.message}`);
    this.#tiers.error(message, error.hint === undefined ? [] : [error.hint]);
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
      // Where a bug happened is what its report needs: the stack of anything not a ZrelayError.
      const expected = isZrelayError(cause) || cause.stack === undefined;
      this.debug(`caused by: ${expected ? cause.message : cause.stack}`);
    }
  }

  warning(message: string): void {
    this.#tiers.error(`warning: ${message}`);
  }

  debug(message: string): void {
    this.#tiers.debug(message);
  }

  info(message: string, details: readonly string[] = []): void {
    this.#tiers.info(message, details);
  }

  summary(tally: RunTally, mode: RunMode): void {
    const total = tally.replicated + tally.upToDate + tally.skipped + tally.failed;
    const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : "";
    const notRun = tally.jobsNotRun > 0 ? `; ${countOf(tally.jobsNotRun, "job")} could not run` : "";
    const head = `${countOf(total, "dataset")}: `;
    if (mode === "plan") {
      const prune = tally.pruned > 0 ? `; ${countOf(tally.pruned, "snapshot")} to prune` : "";
      this.#tiers.info(
        `${head}${tally.replicated} to replicate, ${tally.upToDate} up to date${skipped}, ${tally.failed} failing` +
          `${notRun}${prune}; nothing was changed`,
      );
      return;
    }
    const pruned = tally.pruned > 0 ? `; ${countOf(tally.pruned, "snapshot")} pruned` : "";
    this.#tiers.info(
      `${head}${tally.replicated} replicated, ${tally.upToDate} up to date${skipped}, ${tally.failed} failed` +
        `${notRun}${pruned}; ${formatBytes(tally.bytes)} in ${formatDuration(tally.durationMs)}`,
    );
  }

  close(): void {
    this.#progress?.stop();
  }

  #stepStarted(event: Extract<ExecutorEvent, { kind: "step-start" }>): void {
    const { source, step } = event;
    const line = describeStep(step, event.target);
    this.debug(`${source}: step ${event.index + 1}/${event.count}: ${line.text}`);
    const detail = stepDetail(step);
    if (detail !== "") this.debug(`${source}:   ${detail}`);
    const context = this.#context;
    if (this.#progress === undefined || context === undefined) return;
    if (!isTransferStep(step)) return;
    const progress = this.#progress;
    const key = this.#key(source);
    // Two jobs may send datasets of one name (`tank/data` of two hosts): the line names the job.
    progress.start(key, this.#tiers.isTagged ? `${this.#job}: ${source}` : source, undefined);
    void context.estimate(step).then(
      (total) => total !== undefined && progress.setTotal(key, total),
      () => undefined,
    );
  }

  #key(source: string): string {
    return `${this.#job}\u0000${source}`;
  }

  #showDataset(dataset: RunDataset): void {
    const head = `${dataset.source} → ${dataset.target}`;
    switch (dataset.outcome) {
      case "conflict":
      case "refused":
        this.failure(dataset.error, dataset.source);
        return;
      case "up-to-date":
        this.#tiers.info(`${head}: up to date (@${dataset.latest.name})`);
        return;
      case "skip":
        this.#tiers.info(`${head}: skip (${dataset.reason})`);
        return;
      case "replicate":
        this.#tiers.info(`${head}:`);
        for (const step of dataset.steps) {
          const line = describeStep(step, dataset.target);
          const text = `  ${line.text}`;
          this.#tiers.info(line.destructive ? bold(text, this.#terminal) : text);
          const detail = stepDetail(step);
          if (detail !== "") this.debug(`${dataset.source}:   ${detail}`);
        }
        for (const note of dataset.notes) this.#tiers.info(`  note: ${note}`);
    }
  }
}
