import { hostname } from "node:os";
import {
  byCreatetxg,
  type ChainNotice,
  type ChainRecord,
  coveringRoots,
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
 * The tag naming one target dataset in chain bookmarks and hold tags: `chain-tag` when
 * set, else `<target host>.<low 8 hex digits of the target dataset's guid>`
 * (`backup1.3f09a2c1`): the host (this machine's name for a local target, where a pull
 * lands) says which backup server keeps the chain, and the guid tells apart two
 * targets on one host, such as rotating backup disks whose pools share a name, so none
 * destroys another's base (zfs_autobackup keys its bookmarks by the target's guid too).
 */
export function chainTagOf(job: JobDefinition, targetGuid: bigint): string {
  if (job.options.chainTag !== undefined) return job.options.chainTag;
  const host = defaultChainTag(job.target.host ?? hostname()).slice(0, 55);
  return `${host}.${(targetGuid & 0xffffffffn).toString(16).padStart(8, "0")}`;
}

/** A dataset that ended replicated or up to date, and the newest snapshot both sides have. */
interface Finished {
  readonly state: RecordedState;
  readonly newest: Snapshot;
  readonly replicated: boolean;
}

type RecordedState = DatasetChainState & { readonly targetGuid: bigint | undefined };

/**
 * Keeps the chain of every dataset of a pull or sync that replicated: records where
 * each chain stood when it was planned, notes each dataset the executor finishes
 * (done or up to date), and after the run, in dataset order, bookmarks each one's
 * newest snapshot on the source (and with `hold`, moves the holds). Warnings name
 * the job, the dataset, the host and what to grant.
 */
export class ReplicationChainKeeper {
  readonly #job: JobDefinition;
  readonly #source: ZfsEndpoint;
  readonly #target: ZfsEndpoint;
  readonly #reporter: RunReporter;
  readonly #states = new Map<string, RecordedState>();
  readonly #finished: Finished[] = [];

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
      targetGuid: input.target.dataset?.guid,
    });
  }

  /** Notes a dataset the executor finished. */
  onEvent(event: ExecutorEvent): void {
    if (event.kind === "dataset-done") this.#note(event.target, event.snapshots.at(-1), true);
    if (event.kind === "dataset-up-to-date") this.#note(event.target, event.latest, false);
  }

  /**
   * Keeps the chain of every dataset noted, one after the other in the order they
   * finished; never rejects (a refusal is a warning). Targets this run created are
   * listed first, one listing per covering root, for the guid their tag needs.
   */
  async keepChains(): Promise<ChainRecord[]> {
    const guids = await this.#newTargetGuids();
    const records: ChainRecord[] = [];
    for (const { state, newest, replicated } of this.#finished) {
      const guid = state.targetGuid ?? guids.get(state.target);
      if (guid === undefined && this.#job.options.chainTag === undefined) {
        this.#notify({
          level: "warning",
          dataset: state.source,
          host: this.#target.host,
          message: `could not read the guid of ${state.target}, so no bookmark keeps its chain this run`,
        });
        continue;
      }
      const context = {
        source: this.#source,
        target: this.#target,
        settings: { tag: chainTagOf(this.#job, guid ?? 0n), hold: this.#job.options.hold },
        notify: (notice: ChainNotice) => this.#notify(notice),
      };
      records.push(await keepReplicationChain(state, newest, context, replicated));
    }
    return records;
  }

  #note(target: string, newest: Snapshot | undefined, replicated: boolean): void {
    const state = this.#states.get(target);
    // `latest` is the target's copy when only a bookmark of it is left: that bookmark is the chain.
    if (state === undefined || newest === undefined || newest.dataset !== state.source) return;
    this.#finished.push({ state, newest, replicated });
  }

  async #newTargetGuids(): Promise<Map<string, bigint>> {
    const guids = new Map<string, bigint>();
    if (this.#job.options.chainTag !== undefined) return guids;
    const unknown = this.#finished.filter((f) => f.state.targetGuid === undefined).map((f) => f.state.target);
    for (const root of coveringRoots(unknown)) {
      try {
        for (const dataset of await this.#target.listDatasets(root)) guids.set(dataset.name, dataset.guid);
      } catch {
        // Those datasets go without a bookmark this run, with a warning each.
      }
    }
    return guids;
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
