import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import type { ZrelayError } from "../errors/zrelay-error.js";
import { isZrelayError } from "../errors/zrelay-error.js";
import { type RunDataset, toRunDataset } from "../executor/run-report.js";
import { decodeResumeToken } from "../model/resume-token-codec.js";
import { parentOf } from "../names/dataset-hierarchy.js";
import type { PlanInput, ReplicationPolicy } from "../planner/plan-types.js";
import { planDataset } from "../planner/planner.js";
import { expandRoots } from "../tree/dataset-expansion.js";
import { mapDatasets, type TargetMapper } from "../tree/target-mapping.js";
import { missingRootError } from "./missing-root-error.js";
import { coveringRoots, listSide, type SideListing } from "./side-listing.js";
import { startTargetListing } from "./target-listing.js";
import { targetParentCheck } from "./target-parents.js";

/** Options of `planJob`. */
export interface PlanJobOptions<D extends RunDataset = RunDataset> {
  /** Endpoint holding the source datasets. */
  readonly source: ZfsEndpoint;
  /** Endpoint receiving them. */
  readonly target: ZfsEndpoint;
  /** Source datasets the user named; each expands to itself and every descendant. */
  readonly roots: readonly string[];
  /** Dataset-name globs; a match drops that dataset and its subtree (see `expandRoots`). */
  readonly excludes?: readonly string[] | undefined;
  /** Source name → target name (`mapWithPrefix`, `mapStrippingPrefix`, …). */
  readonly mapTarget: TargetMapper;
  /** What the user allowed. `resumable` is turned off when the target cannot resume. */
  readonly policy: ReplicationPolicy;
  /**
   * Plans one dataset from what was listed. Default: `planDataset`, its conflict
   * described as an error (its data kept) by `toRunDataset`. A route with checks of
   * its own (the raw push refuses unencrypted sources) replaces it, returning its own
   * plan type, and keeps the listing.
   */
  readonly planOne?: ((input: PlanInput) => D) | undefined;
}

/** What a job would do, dataset by dataset, before anything changes. */
export interface JobPlan<D extends RunDataset = RunDataset> {
  /** Every dataset, parents before children, as `executeRun` takes them. */
  readonly datasets: readonly (D | Extract<RunDataset, { outcome: "refused" }>)[];
  /** A DATASET_NOT_FOUND error (naming dataset and host) per root the source does not have. */
  readonly missingRoots: readonly ZrelayError[];
  /** Datasets an exclude dropped. */
  readonly excluded: readonly string[];
  /** Exclude patterns that matched nothing: probably a typo. */
  readonly unmatchedExcludes: readonly string[];
}

/**
 * Lists both sides and plans every dataset of a job. The number of endpoint
 * calls depends on the number of roots, never on the number of datasets: per
 * root one `listDatasets` and one `listSnapshots` on each side, plus, only
 * when a target root does not exist yet, one `listDatasets` of its parent.
 * The two sides are listed at the same time: the target at the user's roots
 * mapped (see `startTargetListing`), so a root the source lacks is still
 * listed on the target, once.
 * Throws the mapping's ZrelayError (MAPPING_*, INVALID_NAME) and listing
 * failures: the source's first, then the mapping's, then the target's, as if
 * the sides were listed one after the other.
 */
export async function planJob<D extends RunDataset = RunDataset>(
  options: PlanJobOptions<D>,
): Promise<JobPlan<D>> {
  const { source, target } = options;
  const targetListingStarted = startTargetListing(target, options.roots, options.mapTarget);
  const sourceSide = listSourceSide(options);
  // Nothing is left running when planJob throws: a failed source waits for the target's listing.
  await Promise.allSettled([sourceSide, targetListingStarted.settled]);
  const { sourceListing, expanded, mappings } = await sourceSide;

  // The mapped roots cover every mapped descendant (prefix, strip and rename mappings keep
  // the tree's shape), so this is one root per source root; any other mapper still works.
  const listedTargetRoots = coveringRoots(mappings.map((mapping) => mapping.target));
  const targetListing = await targetListingStarted.complete(listedTargetRoots);
  const parentExists = await targetParentCheck(
    target,
    listedTargetRoots,
    new Set(targetListing.datasets.keys()),
  );

  // Without `planOne`, D is its default, RunDataset.
  const planOne =
    options.planOne ?? ((input: PlanInput) => toRunDataset(planDataset(input), target.host) as D);
  const policy = { ...options.policy, resumable: options.policy.resumable && target.capabilities.resume };
  // Targets this run creates before their children (the executor runs parents first, and
  // skips the children of a parent that failed), so the children need no create-parents.
  const created = new Set<string>();
  const hasParent = (name: string) => parentExists(name) || created.has(parentOf(name) ?? "");
  const datasets = mappings.map(({ source: sourceName, target: targetName }) => {
    const context = { sourceListing, targetListing, parentExists: hasParent, policy };
    const input = planInput(sourceName, targetName, context);
    // An unreadable resume token: the target's state is unknown, so neither it nor its children run.
    if (isZrelayError(input)) {
      return { outcome: "refused" as const, source: sourceName, target: targetName, error: input };
    }
    const planned = planOne(adaptToCapabilities(input, source));
    if (planned.outcome === "replicate") created.add(targetName);
    return planned;
  });
  return {
    datasets,
    missingRoots: expanded.missing.map((root) => missingRootError(root, source.host)),
    excluded: expanded.excluded,
    unmatchedExcludes: expanded.unmatchedExcludes,
  };

  function planInput(
    sourceName: string,
    targetName: string,
    context: {
      sourceListing: SideListing;
      targetListing: SideListing;
      parentExists: (dataset: string) => boolean;
      policy: ReplicationPolicy;
    },
  ): PlanInput | ZrelayError {
    const sourceDataset = context.sourceListing.datasets.get(sourceName);
    if (sourceDataset === undefined) throw new Error(`planJob: ${sourceName} vanished from its listing`);
    const targetDataset = context.targetListing.datasets.get(targetName);
    let resumeToken: PlanInput["target"]["resumeToken"];
    if (targetDataset?.resumeToken !== undefined) {
      try {
        resumeToken = decodeResumeToken(targetDataset.resumeToken, {
          host: target.host,
          dataset: targetName,
        });
      } catch (error) {
        if (isZrelayError(error)) return error;
        throw error;
      }
    }
    return {
      source: {
        dataset: sourceDataset,
        snapshots: context.sourceListing.snapshots.get(sourceName) ?? [],
        bookmarks: context.sourceListing.bookmarks.get(sourceName) ?? [],
      },
      target: {
        name: targetName,
        dataset: targetDataset,
        snapshots: context.targetListing.snapshots.get(targetName) ?? [],
        resumeToken,
        parentExists: context.parentExists(targetName),
      },
      policy: context.policy,
    };
  }
}

/** The source's listing, the datasets it expands to and where each lands. */
async function listSourceSide(options: PlanJobOptions<RunDataset>) {
  const sourceListing = await listSide(options.source, options.roots);
  const expanded = expandRoots(options.roots, sourceListing.datasets.keys(), options.excludes ?? []);
  const mappings = mapDatasets(expanded.datasets, options.mapTarget);
  return { sourceListing, expanded, mappings };
}

/** A source that cannot send from a bookmark must not be planned from one. */
function adaptToCapabilities(input: PlanInput, source: ZfsEndpoint): PlanInput {
  if (source.capabilities.bookmarks) return input;
  return { ...input, source: { ...input.source, bookmarks: [] } };
}
