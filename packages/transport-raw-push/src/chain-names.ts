import { isValidZfsName } from "@zrelay/core";

/*
 * Names the route leaves on the source: a bookmark `DATASET#zrelay_<tag>_<snapshot>`
 * per pushed snapshot and the hold tag `zrelay:push:<tag>`. The tag cannot contain
 * `_`, so `zrelay_<tag>_` is a prefix no other route's bookmarks share and pruning
 * this route's old bookmarks never touches another target's chain.
 */

const TAG = /^[A-Za-z0-9.:-]+$/;

/** Why `tag` cannot name a route, or undefined when it can. */
export function chainTagViolation(tag: string): string | undefined {
  if (tag === "") return "is empty";
  if (!TAG.test(tag)) return 'may only contain letters, digits, "-", "." and ":"';
  if (tag.length > 64) return "is longer than 64 characters";
  return undefined;
}

/** The target host as a tag: `backup@offsite.example.org` → `backup-offsite.example.org`. */
export function defaultChainTag(host: string): string {
  const tag = host.replace(/[^A-Za-z0-9.:-]/g, "-").slice(0, 64);
  return tag === "" ? "offsite" : tag;
}

/** Short-name prefix of every bookmark this route makes. */
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

/** The tag of this route's hold on the newest pushed snapshot. */
export function chainHoldTag(tag: string): string {
  return `zrelay:push:${tag}`;
}
