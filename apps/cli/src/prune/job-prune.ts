import {
  type Bookmark,
  calendarZone,
  chainBookmarkPrefix,
  decodeResumeToken,
  isCoveredBy,
  isZrelayError,
  type JobPlan,
  listSide,
  planPrune,
  pruneProtections,
  type ResumeTokenInfo,
  type RetentionRules,
  type RunDataset,
  type SideListing,
  type ZfsEndpoint,
  ZRELAY_BOOKMARK_PREFIX,
  ZrelayError,
} from "@zrelay/core";
import type { RetentionSetting } from "../config/retention-setting.js";
import type { JobDefinition } from "../job/job-definition.js";
import { targetMapperOf } from "../job/job-routing.js";
import type { RunMode, RunReporter } from "../output/run-reporter.js";
import { chainTagOf } from "../run/replication-chain-keeper.js";
import { ownSnapshotPattern } from "./own-snapshot-names.js";
import { peersReplicating } from "./peer-replicators.js";
import { projectedTargetSnapshots } from "./prune-projection.js";
import type { SidePrune } from "./side-prune.js";

/** Options of `pruneJob`. */
export interface JobPruneOptions {
  readonly job: JobDefinition;
  readonly source: ZfsEndpoint;
  readonly target: ZfsEndpoint;
  readonly plan: JobPlan;
  /**
   * Source datasets whose replication succeeded in this run (replicated or up to
   * date); in plan mode, those planned to. Nothing else is pruned, on either side.
   */
  readonly succeeded: ReadonlySet<string>;
  readonly mode: RunMode;
  /** Wall clock, seconds since the epoch. */
  readonly now: number;
  /** IANA zone of the period buckets (the machine's local zone, `TZ` honoured). */
  readonly timeZone: string;
  readonly reporter: RunReporter;
}

/** What pruning did (or, in plan mode, would do). */
export interface JobPruneResult {
  /** Snapshots destroyed (plan mode: that would be). */
  readonly pruned: number;
  /** Datasets (per side) whose prune failed; each was reported. */
  readonly failed: number;
}

/**
 * Retention after replication, per dataset: target first, then source, and
 * only for datasets this run replicated successfully. Lists the pruned roots
 * once per side again (what replication left), decides with `planPrune`, and
 * destroys each dataset's doomed snapshots in one `zfs destroy ds@a,b,c`.
 * One dataset's failure is reported and the others still prune.
 */
export async function pruneJob(options: JobPruneOptions): Promise<JobPruneResult> {
  const { job, reporter } = options;
  const sourceRules = rulesOf(job.options.pruneSource, job);
  const targetRules = rulesOf(job.options.pruneTarget, job);
  if (sourceRules === undefined && targetRules === undefined) return { pruned: 0, failed: 0 };
  const pairs = options.plan.datasets.filter((d) => options.succeeded.has(d.source));
  if (pairs.length === 0) return { pruned: 0, failed: 0 };

  let listings: { source: SideListing; target: SideListing };
  try {
    // One listing per root of the job on each side, as planning does, never one per dataset.
    const mapTarget = targetMapperOf(job);
    const roots = job.datasets.filter((root) => pairs.some((p) => isCoveredBy(p.source, [root])));
    const [source, target] = await Promise.all([
      listSide(options.source, roots),
      listSide(options.target, roots.map(mapTarget)),
    ]);
    listings = { source, target };
  } catch (error) {
    if (!isZrelayError(error)) throw error;
    reporter.failure(error);
    return { pruned: 0, failed: 1 };
  }

  const zone = calendarZone(options.timeZone);
  let pruned = 0;
  let failed = 0;
  for (const pair of pairs) {
    const sides = decideDataset(pair, listings, { ...options, sourceRules, targetRules, zone });
    for (const side of sides) {
      const count = side.plan.destroy.length;
      if (options.mode === "plan" || count === 0) {
        reporter.prune(side, options.mode);
        pruned += count;
        continue;
      }
      const endpoint = side.side === "source" ? options.source : options.target;
      try {
        await endpoint.destroySnapshots(
          side.dataset,
          side.plan.destroy.map((d) => d.snapshot.name),
        );
        reporter.prune(side, options.mode);
        pruned += count;
      } catch (error) {
        if (!isZrelayError(error)) throw error;
        reporter.failure(pruneFailure(error, side), pair.source);
        failed++;
      }
    }
  }
  return { pruned, failed };
}

function decideDataset(
  pair: RunDataset,
  listings: { source: SideListing; target: SideListing },
  context: JobPruneOptions & {
    sourceRules: RetentionRules | undefined;
    targetRules: RetentionRules | undefined;
    zone: ReturnType<typeof calendarZone>;
  },
): SidePrune[] {
  const sourceSnapshots = listings.source.snapshots.get(pair.source) ?? [];
  const listedTarget = listings.target.snapshots.get(pair.target) ?? [];
  // A plan prunes the target as the run will leave it; a run lists what it left.
  const targetSnapshots =
    context.mode === "plan" ? projectedTargetSnapshots(pair, listedTarget) : listedTarget;
  const resumeToken = tokenOf(listings.target, pair.target, context.target.host);
  const sides: SidePrune[] = [];
  const decide = (side: "source" | "target", rules: RetentionRules) => {
    const own = side === "source" ? sourceSnapshots : targetSnapshots;
    const counterpart =
      side === "source"
        ? { name: `${context.target.host}:${pair.target}`, snapshots: targetSnapshots }
        : { name: `${context.source.host}:${pair.source}`, snapshots: sourceSnapshots };
    const dataset = side === "source" ? pair.source : pair.target;
    const listing = side === "source" ? listings.source : listings.target;
    const host = side === "source" ? context.source.host : context.target.host;
    const bookmarks = movingChain(listing.bookmarks.get(dataset) ?? [], side, pair, listings.target, context);
    // Another config job sends from this dataset: its base is known only by zrelay's chain
    // bookmark here. Without one, that job's base cannot be told apart, so nothing is pruned.
    const peers = peersReplicating(context.job, side, dataset);
    if (peers.length > 0 && !bookmarks.some((b) => b.name.startsWith(ZRELAY_BOOKMARK_PREFIX))) {
      context.reporter.warning(
        `${dataset} on ${host} not pruned: job ${peers.join(", ")} also replicates it and no zrelay bookmark ` +
          `(#${ZRELAY_BOOKMARK_PREFIX}…) marks its base yet; run ${peers.length === 1 ? "it" : "them"} once, then this job prunes it`,
      );
      return;
    }
    const protections = pruneProtections({ snapshots: own, bookmarks, counterpart, resumeToken });
    const plan = planPrune({ snapshots: own, rules, now: context.now, zone: context.zone, protections });
    sides.push({ side, host, dataset, source: pair.source, rules, plan });
  };
  // Order of a run: the target first, then the source.
  if (context.targetRules !== undefined) decide("target", context.targetRules);
  if (context.sourceRules !== undefined) decide("source", context.sourceRules);
  return sides;
}

/**
 * The source's bookmarks as the run will leave them: a plan of a dataset that will
 * replicate drops this job's own chain bookmark, which the run moves to the new newest
 * common snapshot (protected anyway) before it prunes, so plan and run destroy the same.
 * Push keeps its chain apart; its plan keeps the old base, one snapshot more than the run.
 */
function movingChain(
  bookmarks: readonly Bookmark[],
  side: "source" | "target",
  pair: RunDataset,
  target: SideListing,
  context: JobPruneOptions,
): readonly Bookmark[] {
  if (context.mode !== "plan" || side !== "source" || pair.outcome !== "replicate") return bookmarks;
  if (context.job.kind === "push") return bookmarks;
  const targetGuid = target.datasets.get(pair.target)?.guid;
  if (targetGuid === undefined) return bookmarks;
  const own = chainBookmarkPrefix(chainTagOf(context.job, targetGuid));
  return bookmarks.filter((bookmark) => !bookmark.name.startsWith(own));
}

/** The rules of one side, `match` defaulting to zrelay's own snapshots of the job. */
export function rulesOf(
  setting: RetentionSetting | undefined,
  job: Pick<JobDefinition, "name" | "snapshot">,
): RetentionRules | undefined {
  if (setting === undefined) return undefined;
  return { keep: setting.keep, match: setting.match ?? [ownSnapshotPattern(job)] };
}

function tokenOf(listing: SideListing, dataset: string, host: string): ResumeTokenInfo | undefined {
  const token = listing.datasets.get(dataset)?.resumeToken;
  if (token === undefined) return undefined;
  try {
    return decodeResumeToken(token, { host, dataset });
  } catch {
    // Unreadable: the planner refused this dataset already; nothing here relies on it.
    return undefined;
  }
}

/** The destroy's error, saying it was retention's and that the batch destroyed nothing. */
function pruneFailure(error: ZrelayError, side: SidePrune): ZrelayError {
  const count = side.plan.destroy.length;
  return new ZrelayError(
    error.code,
    `pruning the ${side.side} ${side.dataset} on ${side.host} failed; none of its ${count} snapshot${count === 1 ? "" : "s"} to prune was destroyed: ${error.message}`,
    { cause: error, hint: error.hint, host: side.host, dataset: side.dataset, retryable: error.retryable },
  );
}
