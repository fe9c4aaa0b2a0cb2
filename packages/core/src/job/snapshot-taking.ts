import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";
import { expandRoots } from "../tree/dataset-expansion.js";
import { missingRootError } from "./missing-root-error.js";
import { listSide } from "./side-listing.js";

/** Options of `takeSnapshots`. */
export interface TakeSnapshotsOptions {
  /** Where the datasets live. */
  readonly endpoint: ZfsEndpoint;
  /** Datasets named by the user; each expands to itself and every descendant. */
  readonly roots: readonly string[];
  /** Dataset-name globs left out, with their subtrees (as replication leaves them out). */
  readonly excludes?: readonly string[] | undefined;
  /** Short name of every snapshot (after `@`), e.g. `zrelay_nightly_2026-12-03T02:30:00Z`. */
  readonly name: string;
  /** Only list and decide; take nothing (plan mode). */
  readonly dryRun?: boolean | undefined;
}

/** One pool's `zfs snapshot a@x b@x …`: all of them were taken, or none. */
export interface PoolSnapshots {
  readonly pool: string;
  /** Full names, parents before children. */
  readonly snapshots: readonly string[];
  /** Why none of them was taken; undefined when all were (or, dry, would be). */
  readonly error?: ZrelayError | undefined;
}

/** What `takeSnapshots` did. */
export interface SnapshotsTaken {
  readonly pools: readonly PoolSnapshots[];
  /** Datasets that already had a snapshot of that name (a second run in the same second): left as they are. */
  readonly existing: readonly string[];
  /** Roots the endpoint does not have (DATASET_NOT_FOUND, naming root and host). */
  readonly missingRoots: readonly ZrelayError[];
}

/**
 * Takes one snapshot named `name` of every dataset under `roots` but the excluded
 * ones: one `createSnapshots` per pool, which OpenZFS makes atomic, so the datasets
 * of a pool are captured at the same instant. Listing is one `listDatasets` and one
 * `listSnapshots` per root. One pool failing does not stop the others; never rejects
 * for a pool's failure (it is in the result), only for a listing that fails.
 */
export async function takeSnapshots(options: TakeSnapshotsOptions): Promise<SnapshotsTaken> {
  const { endpoint, name } = options;
  const listing = await listSide(endpoint, options.roots);
  const expanded = expandRoots(options.roots, listing.datasets.keys(), options.excludes ?? []);
  const existing: string[] = [];
  const byPool = new Map<string, string[]>();
  for (const dataset of expanded.datasets) {
    if ((listing.snapshots.get(dataset) ?? []).some((snapshot) => snapshot.name === name)) {
      existing.push(`${dataset}@${name}`);
      continue;
    }
    const pool = dataset.split("/")[0] ?? dataset;
    byPool.set(pool, [...(byPool.get(pool) ?? []), `${dataset}@${name}`]);
  }
  const pools: PoolSnapshots[] = [];
  for (const [pool, snapshots] of byPool) {
    if (options.dryRun) {
      pools.push({ pool, snapshots });
      continue;
    }
    try {
      await endpoint.createSnapshots(snapshots);
      pools.push({ pool, snapshots });
    } catch (error) {
      pools.push({ pool, snapshots, error: failureOf(error, pool, endpoint.host) });
    }
  }
  return {
    pools,
    existing,
    missingRoots: expanded.missing.map((root) => missingRootError(root, endpoint.host)),
  };
}

function failureOf(error: unknown, pool: string, host: string): ZrelayError {
  if (isZrelayError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ZrelayError(ErrorCode.COMMAND_FAILED, `snapshot of pool ${pool} on ${host} failed: ${message}`, {
    host,
    dataset: pool,
    cause: error,
  });
}
