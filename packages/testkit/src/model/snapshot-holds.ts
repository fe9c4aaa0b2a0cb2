import { zfsErrors } from "./zfs-error-catalogue.js";
import { splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/** A hold as `zfs holds` lists it. */
export interface HoldView {
  readonly tag: string;
  /** Seconds since the epoch. */
  readonly creation: number;
}

function heldSnapshot(store: ZfsStore, fullName: string, missing: () => Error) {
  const point = splitPointName(fullName);
  // zfs hold/release open the filesystem first, then look for the snapshot.
  store.requireDataset(point?.dataset ?? fullName);
  const found = store.snapshot(fullName);
  if (found === undefined) throw missing();
  return found.snapshot;
}

/** `zfs hold TAG SNAPSHOT`. */
export function hold(store: ZfsStore, fullName: string, tag: string): void {
  const snapshot = heldSnapshot(store, fullName, () => zfsErrors.holdMissing(fullName));
  if (Object.hasOwn(snapshot.holds, tag)) throw zfsErrors.holdExists(fullName);
  snapshot.holds = { ...snapshot.holds, [tag]: store.now() };
}

/** `zfs release TAG SNAPSHOT`. */
export function release(store: ZfsStore, fullName: string, tag: string): void {
  const snapshot = heldSnapshot(store, fullName, () => zfsErrors.releaseMissing(fullName));
  if (!Object.hasOwn(snapshot.holds, tag)) throw zfsErrors.releaseNoTag(fullName);
  const { [tag]: _released, ...rest } = snapshot.holds;
  snapshot.holds = rest;
}

/** `zfs holds SNAPSHOT`, tags sorted. */
export function holdsOf(store: ZfsStore, fullName: string): HoldView[] {
  const { snapshot } = store.requireSnapshot(fullName);
  return Object.entries(snapshot.holds)
    .map(([tag, creation]) => ({ tag, creation }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
