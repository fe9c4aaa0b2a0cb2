import type { ExecutorEvent, JobPlan, PlanConflict, ZrelayError } from "@zrelay/core";
import type { SidePrune } from "../prune/side-prune.js";
import { jobPrefix } from "./job-prefix.js";
import { conflictJson, errorJson, jsonLine, planJson, snapshotJson, stepJson } from "./json-events.js";
import type { OutputSettings, OutputTiers, Wording } from "./output-tiers.js";
import { pruneJson } from "./prune-json.js";
import type { JobContext, JobScope, RunMode, RunReporter, RunTally } from "./run-reporter.js";

/**
 * `--json`: one JSON object per line on stdout (`start`, `plan`, `step`,
 * `progress`, `done`, `error`, `warning`, `debug`, `summary`), each with
 * `event` and `time`. Errors and warnings also go to stderr as `🚨 ` lines so
 * cron mail still sees them; `--quiet` keeps only those.
 */
export class JsonReporter implements RunReporter {
  readonly #stdout: NodeJS.WritableStream;
  readonly #settings: OutputSettings;
  readonly #tiers: OutputTiers;
  readonly #now: () => Date;
  readonly #wording: Wording;
  readonly #scope: JobScope | undefined;

  constructor(
    stdout: NodeJS.WritableStream,
    settings: OutputSettings,
    tiers: OutputTiers,
    now: () => Date,
    wording: Wording = (text) => text,
    scope?: JobScope,
  ) {
    this.#stdout = stdout;
    this.#settings = settings;
    this.#tiers = tiers;
    this.#now = now;
    this.#wording = wording;
    this.#scope = scope;
  }

  forJob(scope: JobScope, tagged: boolean): RunReporter {
    const tiers = tagged ? this.#tiers.tagged(scope.job) : this.#tiers;
    return new JsonReporter(this.#stdout, this.#settings, tiers, this.#now, this.#wording, scope);
  }

  jobStarted(context: JobContext, plan: JobPlan, mode: RunMode): void {
    this.#emit("start", {
      job: context.job.name,
      kind: context.job.kind,
      mode,
      sourceHost: context.sourceHost,
      targetHost: context.targetHost,
      datasets: plan.datasets.length,
      excluded: plan.excluded,
    });
  }

  showPlan(_context: JobContext, plan: JobPlan): void {
    for (const dataset of plan.datasets) {
      if (dataset.outcome === "conflict")
        this.#conflict(dataset.error, dataset, dataset.source, dataset.target);
      else if (dataset.outcome === "refused") this.failure(dataset.error, dataset.source, dataset.target);
      else this.#emit("plan", planJson(dataset));
    }
  }

  event(event: ExecutorEvent): void {
    const names = { source: event.source, target: event.target };
    switch (event.kind) {
      case "step-start":
        this.#emit("step", {
          ...names,
          index: event.index,
          count: event.count,
          ...stepJson(event.step, event.target),
        });
        return;
      case "progress":
        this.#emit("progress", { ...names, index: event.index, bytes: event.bytes });
        return;
      case "dataset-done":
        this.#emit("done", {
          ...names,
          outcome: "replicated",
          bytes: event.bytes,
          snapshots: event.snapshots.map(snapshotJson),
          durationMs: Math.round(event.durationMs),
        });
        return;
      case "dataset-up-to-date":
        this.#emit("done", { ...names, outcome: "up-to-date", latest: snapshotJson(event.latest) });
        return;
      case "dataset-skipped":
        this.#emit("done", { ...names, outcome: "skipped", reason: event.reason });
        return;
      case "dataset-failed":
        if (event.conflict === undefined) this.failure(event.error, event.source, event.target);
        else this.#conflict(event.error, event.conflict, event.source, event.target);
        return;
      default:
        return;
    }
  }

  prune(prune: SidePrune, mode: RunMode): void {
    this.#emit("prune", pruneJson(prune, mode));
  }

  failure(error: ZrelayError, source?: string, target?: string): void {
    this.#failure(error, source, target, {});
  }

  /** A planner conflict: the error event also carries what the planner found. */
  #conflict(error: ZrelayError, conflict: PlanConflict, source: string, target: string): void {
    this.#failure(error, source, target, { conflict: conflictJson(conflict) });
  }

  #failure(error: ZrelayError, source: string | undefined, target: string | undefined, extra: object): void {
    const names = { ...this.#jobFields(), source: source ?? null, target: target ?? null };
    this.#emit("error", { ...names, ...errorJson(error), ...extra }, true);
    const prefix = jobPrefix(this.#scope, source, true, this.#tiers.isTagged);
    const message = prefix + (source === undefined ? error.message : `${source}: ${error.message}`);
    this.#tiers.error(message, error.hint === undefined ? [] : [error.hint]);
  }

  warning(message: string): void {
    this.#emit("warning", { ...this.#jobFields(), message }, true);
    this.#tiers.error(`warning: ${message}`);
  }

  debug(message: string): void {
    if (this.#settings.debug) this.#emit("debug", { message });
  }

  info(message: string, details: readonly string[] = []): void {
    this.#emit("info", { message, details });
  }

  summary(tally: RunTally, mode: RunMode): void {
    this.#emit("summary", { mode, ...tally, durationMs: Math.round(tally.durationMs) });
  }

  close(): void {}

  /** Which job an error or warning belongs to; null outside a job (a bad config file). */
  #jobFields() {
    return { job: this.#scope?.job ?? null, config: this.#scope?.config ?? null };
  }

  #emit(event: string, fields: object, always = false): void {
    if (this.#settings.quiet && !always) return;
    const job = this.#scope === undefined ? {} : { job: this.#scope.job };
    this.#stdout.write(
      jsonLine({ event, time: this.#now().toISOString(), ...job, ...fields }, this.#wording),
    );
  }
}
