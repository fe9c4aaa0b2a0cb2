import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";
import { type Bookmark, fullName, type Snapshot } from "../model/snapshot.js";
import { chainBookmarkName, chainBookmarkPrefix, replicationHoldTag } from "./chain-names.js";

/** How a pull or sync keeps each dataset's chain once it replicated. */
export interface ChainSettings {
  /** Names this target in bookmarks and hold tags (see `chainTagViolation`). */
  readonly tag: string;
  /** Hold the newest common snapshot on both sides and release the previous one. */
  readonly hold: boolean;
}

/** What was listed about one dataset before the run: where its chain stood. */
export interface DatasetChainState {
  readonly source: string;
  readonly target: string;
  /** The source dataset's own bookmarks. */
  readonly bookmarks: readonly Bookmark[];
  /** The newest common snapshot before this run, on the source (undefined when only a bookmark was left). */
  readonly previousSource: Snapshot | undefined;
  /** The same point on the target. */
  readonly previousTarget: Snapshot | undefined;
}

/** Something about the chain the user should hear; `error` carries the failure and its hint. */
export interface ChainNotice {
  readonly level: "warning" | "debug";
  /** Source dataset it is about. */
  readonly dataset: string;
  /** Host the failed command ran on. */
  readonly host: string;
  readonly message: string;
  readonly error?: ZrelayError | undefined;
}

/** What is left to keep a dataset's chain alive. */
export interface ChainRecord {
  /** Full name of the source bookmark of the newest replicated snapshot, when there is one. */
  readonly bookmark: string | undefined;
  /** Full names of the snapshots held (source and target), when holds are on and worked. */
  readonly held: readonly string[];
}

/** What `keepReplicationChain` works with. */
export interface ChainContext {
  readonly source: ZfsEndpoint;
  readonly target: ZfsEndpoint;
  readonly settings: ChainSettings;
  /** Should not throw. */
  readonly notify: (notice: ChainNotice) => void;
}

/**
 * After `newest` (a source snapshot) is on the target: bookmark it on the source
 * (`#zrelay_<tag>_<name>`), then destroy this target's older bookmarks of the dataset,
 * so the next incremental has a base even after the source prunes the snapshot.
 * With holds on and `replicated` (something arrived this run), hold `newest` on both
 * sides, then release the previous common snapshot. Never throws: the data already
 * arrived, so a refusal here is a warning (the next run tries again), not a failure.
 */
export async function keepReplicationChain(
  state: DatasetChainState,
  newest: Snapshot,
  context: ChainContext,
  replicated: boolean,
): Promise<ChainRecord> {
  const bookmark = context.source.capabilities.bookmarks
    ? await bookmarkNewest(state, newest, context)
    : undefined;
  const held = context.settings.hold && replicated ? await holdBothSides(state, newest, context) : [];
  return { bookmark, held };
}

async function bookmarkNewest(state: DatasetChainState, newest: Snapshot, context: ChainContext) {
  const { source, settings } = context;
  const note = notifier(state, context);
  const name = chainBookmarkName(newest.dataset, newest.name, settings.tag);
  if (name === undefined) {
    note(
      "warning",
      source.host,
      `cannot bookmark ${fullName(newest)}: the bookmark name would be too long for ZFS`,
    );
    return undefined;
  }
  const existing = state.bookmarks.find((bookmark) => fullName(bookmark) === name);
  if (existing !== undefined && existing.guid !== newest.guid) {
    note(
      "debug",
      source.host,
      `not bookmarking ${fullName(newest)}: ${name} exists for another snapshot (guid ${existing.guid})`,
    );
    return undefined;
  }
  if (existing === undefined) {
    try {
      await source.bookmark(fullName(newest), name);
    } catch (error) {
      const failure = failureOf(error);
      // Another run made the same bookmark meanwhile: the chain is kept all the same.
      if (await madeMeanwhile(source, newest, name)) return name;
      note(
        "warning",
        source.host,
        `could not bookmark ${fullName(newest)} as ${name}, so the next incremental needs @${newest.name} kept on the source: ${failure.message}`,
        failure,
      );
      return undefined;
    }
  }
  await destroyOlderBookmarks(state, newest, context);
  return name;
}

async function madeMeanwhile(source: ZfsEndpoint, newest: Snapshot, name: string): Promise<boolean> {
  try {
    const points = await source.listSnapshots(newest.dataset);
    return points.some((point) => fullName(point) === name && point.guid === newest.guid);
  } catch {
    return false;
  }
}

/**
 * The bookmarks of chain `tag` that `newest` supersedes: only that tag's own (another
 * target's base is never touched), and only older ones (the newest is the next base).
 */
export function olderChainBookmarks(
  bookmarks: readonly Bookmark[],
  newest: Snapshot,
  tag: string,
): Bookmark[] {
  const prefix = chainBookmarkPrefix(tag);
  return bookmarks.filter(
    (bookmark) =>
      bookmark.name.startsWith(prefix) &&
      bookmark.guid !== newest.guid &&
      bookmark.createtxg < newest.createtxg,
  );
}

async function destroyOlderBookmarks(state: DatasetChainState, newest: Snapshot, context: ChainContext) {
  const note = notifier(state, context);
  const older = olderChainBookmarks(state.bookmarks, newest, context.settings.tag);
  for (const bookmark of older) {
    try {
      await context.source.destroy(fullName(bookmark));
    } catch (error) {
      const failure = failureOf(error);
      note(
        "warning",
        context.source.host,
        `could not destroy the older bookmark ${fullName(bookmark)} (harmless: a bookmark takes no space): ${failure.message}`,
        failure,
      );
    }
  }
}

async function holdBothSides(state: DatasetChainState, newest: Snapshot, context: ChainContext) {
  const tag = replicationHoldTag(context.settings.tag);
  const sides = [
    { endpoint: context.source, dataset: state.source, previous: state.previousSource },
    { endpoint: context.target, dataset: state.target, previous: state.previousTarget },
  ];
  const held: string[] = [];
  for (const side of sides) {
    const snapshot = `${side.dataset}@${newest.name}`;
    if (!(await moveHold(side.endpoint, snapshot, side.previous, tag, notifier(state, context)))) continue;
    held.push(snapshot);
  }
  return held;
}

// Hold the new one first: between the two commands both are held, never neither.
async function moveHold(
  endpoint: ZfsEndpoint,
  snapshot: string,
  previous: Snapshot | undefined,
  tag: string,
  note: ReturnType<typeof notifier>,
): Promise<boolean> {
  try {
    if (!(await endpoint.holds(snapshot)).includes(tag)) await endpoint.hold(snapshot, tag);
  } catch (error) {
    const failure = failureOf(error);
    note("warning", endpoint.host, `could not hold ${snapshot} (${tag}): ${failure.message}`, failure);
    return false;
  }
  if (previous === undefined) return true;
  const previousName = `${snapshot.slice(0, snapshot.indexOf("@"))}@${previous.name}`;
  if (previousName === snapshot) return true;
  try {
    if ((await endpoint.holds(previousName)).includes(tag)) {
      await endpoint.release(previousName, tag);
    }
  } catch (error) {
    const failure = failureOf(error);
    note(
      "warning",
      endpoint.host,
      `could not release the hold ${tag} on ${previousName}: ${failure.message}`,
      failure,
    );
  }
  return true;
}

function notifier(state: DatasetChainState, context: ChainContext) {
  return (level: ChainNotice["level"], host: string, message: string, error?: ZrelayError) => {
    try {
      context.notify({ level, dataset: state.source, host, message, error });
    } catch {
      // A throwing listener must not undo a chain already kept.
    }
  };
}

// Endpoints reject with ZrelayErrors; anything else is wrapped so its message still reaches the user.
function failureOf(error: unknown): ZrelayError {
  if (isZrelayError(error)) return error;
  return new ZrelayError(ErrorCode.COMMAND_FAILED, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
