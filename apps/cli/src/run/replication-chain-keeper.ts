import { hostname } from "node:os";
import {
  byCreatetxg,
  type ChainNotice,
  type ChainRecord,
  type DatasetChainState,
  defaultChainTag,
  type ExecutorEvent,
  findIncrementalBase,
  keepReplicationChain,
  type PlanInput,
  type Snapshot,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";

/**
 * The tag naming this job's target in chain bookmarks and hold tags: `chain-tag`
 * when set, else the target's host, or this machine's host name for a local target
 * (a pull lands here), so two backup servers pulling one host keep separate chains.
 */
export function chainTagOf(job: JobDefinition): string {
  return job.options.chainTag ?? defaultChainTag(job.target.host ?? hostname());
}

/**
 * Keeps the chain of every dataset of a pull or sync that replicated: records where
 * each chain stood when it was planned, and once a dataset is done (or found up to
 * date), bookmarks its newest snapshot on the source (and with `hold`, moves the
 * holds). Warnings name the job, the dataset, the host and what to grant.
 */
export class ReplicationChainKeeper {
  readonly #job: JobDefinition;
  readonly #source: ZfsEndpoint;
  readonly #target: ZfsEndpoint;
  readonly #reporter: RunReporter;
  readonly #states = new Map<string, DatasetChainState>();
  readonly #kept: Promise<ChainRecord>[] = [];

  constructor(job: JobDefinition, source: ZfsEndpoint, target: ZfsEndpoint, reporter: RunReporter) {
    this.#job = job;
    this.#source = source;
    this.#target = target;
    this.#reporter = reporter;
  }

  /** Remembers where the chain of the dataset `input` plans stood. */
  record(input: PlanInput): void {
    const targetSnapshots = [...input.target.snapshots].sort(byCreatetxg);
    const base = findIncrementalBase(targetSnapshots, input.source.snapshots, input.source.bookmarks);
    this.#states.set(input.target.name, {
      source: input.source.dataset.name,
      target: input.target.name,
      bookmarks: input.source.bookmarks,
      previousSource: base?.onSource.kind === "snapshot" ? base.onSource : undefined,
      previousTarget: base?.onTarget,
    });
  }

  /** Starts keeping the chain of a dataset the executor finished. */
  onEvent(event: ExecutorEvent): void {
    if (event.kind === "dataset-done") this.#keep(event.target, event.snapshots.at(-1), true);
    if (event.kind === "dataset-up-to-date") this.#keep(event.target, event.latest, false);
  }

  /** Resolves once every chain started is kept (or warned about). */
  async settled(): Promise<void> {
    await Promise.all(this.#kept);
  }

  #keep(target: string, newest: Snapshot | undefined, replicated: boolean): void {
    const state = this.#states.get(target);
    // `latest` is the target's copy when only a bookmark of it is left: that bookmark is the chain.
    if (state === undefined || newest === undefined || newest.dataset !== state.source) return;
    const context = {
      source: this.#source,
      target: this.#target,
      settings: { tag: chainTagOf(this.#job), hold: this.#job.options.hold },
      notify: (notice: ChainNotice) => this.#notify(notice),
    };
    this.#kept.push(keepReplicationChain(state, newest, context, replicated));
  }

  #notify(notice: ChainNotice): void {
    const about = `job ${this.#job.name}: ${notice.dataset} on ${notice.host}`;
    if (notice.level === "debug") {
      this.#reporter.debug(`${about}: ${notice.message}`);
      return;
    }
    const hint = notice.error?.hint;
    this.#reporter.warning(`${about}: ${notice.message}${hint === undefined ? "" : `. ${hint}`}`);
  }
}
