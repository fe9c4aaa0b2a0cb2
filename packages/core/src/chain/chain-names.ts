import { isValidZfsName } from "../names/zfs-name-parser.js";

/*
 * Names zrelay leaves to keep a dataset's incremental chain: a bookmark
 * `DATASET#zrelay_<tag>_<snapshot>` of the newest replicated snapshot on the source,
 * and, with holds on, a hold on the newest common snapshot. The tag names the
 * target (one chain per target), and cannot contain `_`, so `zrelay_<tag>_` is a
 * prefix no other target's bookmarks share: removing this target's older bookmarks
 * never touches another target's base.
 */

const TAG = /^[A-Za-z0-9.:-]+$/;

/** Why `tag` cannot name a chain, or undefined when it can. */
export function chainTagViolation(tag: string): string | undefined {
  if (tag === "") return "is empty";
  if (!TAG.test(tag)) return 'may only contain letters, digits, "-", "." and ":"';
  if (tag.length > 64) return "is longer than 64 characters";
  return undefined;
}

/** A host as a tag: `backup@offsite.example.org` → `backup-offsite.example.org`. */
export function defaultChainTag(host: string): string {
  const tag = host.replace(/[^A-Za-z0-9.:-]/g, "-").slice(0, 64);
  return tag === "" ? "offsite" : tag;
}

/** Short-name prefix of every bookmark of the chain `tag`. */
export function chainBookmarkPrefix(tag: string): string {
  return `zrelay_${tag}_`;
}

/**
 * Full name of the bookmark that keeps `dataset@snapshotName` as a base, or undefined
 * when that name would break ZFS's rules (too long, most likely).
 */
export function chainBookmarkName(dataset: string, snapshotName: string, tag: string): string | undefined {
  const name = `${dataset}#${chainBookmarkPrefix(tag)}${snapshotName}`;
  return isValidZfsName(name) ? name : undefined;
}

/** The hold tag of a push route on the newest pushed snapshot. */
export function chainHoldTag(tag: string): string {
  return `zrelay:push:${tag}`;
}

/** The hold tag pull and sync put on the newest common snapshot, on both sides. */
export function replicationHoldTag(tag: string): string {
  return `zrelay_${tag}`;
}

/** True for a hold tag zrelay places (pull/sync `zrelay_<tag>`, push `zrelay:push:<tag>`). */
export function isZrelayHoldTag(tag: string): boolean {
  return /^zrelay_[A-Za-z0-9.:-]+$/.test(tag) || /^zrelay:push:[A-Za-z0-9.:-]+$/.test(tag);
}
