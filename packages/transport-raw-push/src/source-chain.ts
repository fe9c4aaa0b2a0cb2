import {
  chainBookmarkName,
  chainHoldTag,
  fullName,
  olderChainBookmarks,
  type Snapshot,
  type ZfsEndpoint,
} from "@zrelay/core";
import type { ResolvedRawPushOptions } from "./raw-push-options.js";
import type { ChainState } from "./raw-push-plan.js";

/** What is left on the source to keep a dataset's chain alive. */
export interface ChainRecord {
  /** Full name of the bookmark of the newest pushed snapshot, if there is one. */
  readonly bookmark: string | undefined;
  /** Full name of the snapshot this route holds, if holds are on and it worked. */
  readonly held: string | undefined;
}

/** What keeping one dataset's chain needs. */
export interface ChainContext {
  /** The source endpoint (the raw-only wrapper is fine: bookmarks and holds pass through). */
  readonly source: ZfsEndpoint;
  readonly chain: ResolvedRawPushOptions["chain"];
  /** Warnings and debug notes about this dataset. */
  readonly notify: (level: "warning" | "debug", message: string) => void;
}

/**
 * After `newest` arrived on the target: bookmark it on the source (so the next
 * incremental has a base even once the snapshot is pruned there), destroy this
 * route's older bookmarks of the dataset, and with holds on, move this route's
 * hold to it. Never throws: the data is already safe offsite, so a failure here
 * is a warning (the next run tries again), not a failed dataset.
 *
 * `onlyBookmark` skips holds, for datasets that were already up to date: their
 * hold was placed when they were pushed, and checking it would cost a `zfs holds`
 * per dataset on every no-op run.
 */
export async function keepChain(
  state: ChainState,
  newest: Snapshot,
  context: ChainContext,
  onlyBookmark = false,
): Promise<ChainRecord> {
  const bookmark = context.chain.bookmark ? await bookmarkNewest(state, newest, context) : undefined;
  const held = context.chain.hold && !onlyBookmark ? await holdNewest(state, newest, context) : undefined;
  return { bookmark, held };
}

async function bookmarkNewest(state: ChainState, newest: Snapshot, context: ChainContext) {
  const { source, chain, notify } = context;
  const name = chainBookmarkName(newest.dataset, newest.name, chain.tag);
  if (name === undefined) {
    notify("warning", `cannot bookmark ${fullName(newest)}: the bookmark name would be too long for ZFS`);
    return undefined;
  }
  const existing = state.bookmarks.find((bookmark) => fullName(bookmark) === name);
  if (existing !== undefined && existing.guid !== newest.guid) {
    notify(
      "debug",
      `not bookmarking ${fullName(newest)}: ${name} exists for another snapshot (guid ${existing.guid})`,
    );
    return undefined;
  }
  if (existing === undefined) {
    try {
      await source.bookmark(fullName(newest), name);
    } catch (error) {
      notify("warning", `could not bookmark ${fullName(newest)} as ${name}: ${messageOf(error)}`);
      return undefined;
    }
    notify("debug", `bookmarked ${fullName(newest)} as ${name}`);
  }
  await pruneOlderBookmarks(state, newest, context);
  return name;
}

async function pruneOlderBookmarks(state: ChainState, newest: Snapshot, context: ChainContext) {
  const older = olderChainBookmarks(state.bookmarks, newest, context.chain.tag);
  for (const bookmark of older) {
    try {
      await context.source.destroy(fullName(bookmark));
      context.notify("debug", `destroyed the older bookmark ${fullName(bookmark)}`);
    } catch (error) {
      context.notify(
        "warning",
        `could not destroy the older bookmark ${fullName(bookmark)}: ${messageOf(error)}`,
      );
    }
  }
}

async function holdNewest(state: ChainState, newest: Snapshot, context: ChainContext) {
  const { source, chain, notify } = context;
  const tag = chainHoldTag(chain.tag);
  const snapshot = fullName(newest);
  try {
    if (!(await source.holds(snapshot)).includes(tag)) await source.hold(snapshot, tag);
  } catch (error) {
    notify("warning", `could not hold ${snapshot} (${tag}): ${messageOf(error)}`);
    return undefined;
  }
  const previous = state.previouslyPushed;
  if (previous !== undefined && previous.guid !== newest.guid) {
    const previousName = fullName(previous);
    try {
      if ((await source.holds(previousName)).includes(tag)) await source.release(previousName, tag);
    } catch (error) {
      notify("warning", `could not release the hold ${tag} on ${previousName}: ${messageOf(error)}`);
    }
  }
  return snapshot;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
