import type { Bookmark, Dataset, RunDataset, Snapshot } from "@zrelay/core";
import type { EncryptionExpectation } from "./encryption-check.js";

/** What keeping the chain alive on the source needs, read from the listing the plan came from. */
export interface ChainState {
  /** The source dataset's own bookmarks when it was planned. */
  readonly bookmarks: readonly Bookmark[];
  /**
   * The source snapshot that was the target's newest before this push, if the source
   * still has it: the one this route's hold moves away from.
   */
  readonly previouslyPushed: Snapshot | undefined;
}

/** What the route keeps about a dataset it planned, beside the core plan. */
export interface PushDetails {
  /** What the target copy must look like after every receive. */
  readonly expectation: EncryptionExpectation;
  readonly chain: ChainState;
  /** The target dataset as listed before the push; undefined when it did not exist. */
  readonly listedTarget: Dataset | undefined;
}

type RefusedDataset = Extract<RunDataset, { outcome: "refused" }>;

/**
 * One source dataset of a push, planned by the route, as `executeRun` takes it: the
 * core planner's plan or conflict (raw steps only) with the route's `push` details,
 * or `refused` before planning (SOURCE_NOT_ENCRYPTED, TARGET_NOT_ENCRYPTED or
 * KEY_EXPOSED, naming dataset and host), which also skips its children.
 */
export type RawPushPlan =
  | (Exclude<RunDataset, RefusedDataset> & { readonly push: PushDetails })
  | RefusedDataset;
