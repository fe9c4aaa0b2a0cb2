import type { Bookmark, Dataset, RunDataset, Snapshot, ZrelayError } from "@zrelay/core";
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

/** One source dataset of a push, planned by the route. */
export type RawPushPlan =
  | {
      readonly kind: "push";
      readonly source: string;
      readonly target: string;
      /** The planner's plan, or its conflict as an error, as `executeRun` takes it. Raw steps only. */
      readonly dataset: RunDataset;
      /** What the target copy must look like after every receive. */
      readonly expectation: EncryptionExpectation;
      readonly chain: ChainState;
      /** The target dataset as listed before the push; undefined when it did not exist. */
      readonly listedTarget: Dataset | undefined;
    }
  /** Refused before planning: unencrypted source, or a target that is readable offsite already. */
  | {
      readonly kind: "refused";
      readonly source: string;
      readonly target: string;
      /** SOURCE_NOT_ENCRYPTED, TARGET_NOT_ENCRYPTED or KEY_EXPOSED, naming dataset and host. */
      readonly error: ZrelayError;
    };
