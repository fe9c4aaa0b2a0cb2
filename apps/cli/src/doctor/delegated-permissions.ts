import { isDescendantOf } from "@zrelay/core";
import type { Grantee, PermissionListing, PermissionScope } from "./zfs-allow-parser.js";

/** Who the zfs commands run as: the user and the groups it belongs to. */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What `principal` may do on a dataset itself, and on every dataset below it. */
export interface GrantedPermissions {
  readonly self: ReadonlySet<string>;
  readonly below: ReadonlySet<string>;
}

const appliesTo = (grantee: Grantee, principal: Principal) =>
  grantee.kind === "everyone" ||
  (grantee.kind === "user" ? grantee.name === principal.user : principal.groups.includes(grantee.name));

/**
 * Effective permissions on `dataset` from the listings `zfs allow dataset`
 * printed. A grant on the dataset itself counts for it when local, for its
 * descendants when descendent; a grant on an ancestor counts only when
 * descendent (ZFS's inheritance). `@set` references resolve to the nearest
 * definition on the dataset or an ancestor.
 */
export function grantedPermissions(
  listings: readonly PermissionListing[],
  dataset: string,
  principal: Principal,
): GrantedPermissions {
  const relevant = listings.filter(
    (listing) => listing.dataset === dataset || isDescendantOf(dataset, listing.dataset),
  );
  const self = new Set<string>();
  const below = new Set<string>();
  for (const listing of relevant) {
    const ancestor = listing.dataset !== dataset;
    for (const grant of listing.grants) {
      if (!appliesTo(grant.grantee, principal)) continue;
      const permissions = expandSets(grant.permissions, listing.dataset, relevant);
      if (coversSelf(grant.scope, ancestor)) for (const permission of permissions) self.add(permission);
      if (grant.scope !== "local") for (const permission of permissions) below.add(permission);
    }
  }
  return { self, below };
}

function coversSelf(scope: PermissionScope, onAncestor: boolean): boolean {
  return onAncestor ? scope !== "local" : scope !== "descendent";
}

/**
 * The permissions in `needed` that `principal` lacks on `dataset` or on any
 * dataset below it, in the order of `needed`.
 */
export function missingPermissions(
  needed: readonly string[],
  listings: readonly PermissionListing[],
  dataset: string,
  principal: Principal,
): string[] {
  const { self, below } = grantedPermissions(listings, dataset, principal);
  return needed.filter((permission) => !self.has(permission) || !below.has(permission));
}

function expandSets(
  permissions: readonly string[],
  setPoint: string,
  listings: readonly PermissionListing[],
  seen: ReadonlySet<string> = new Set(),
): string[] {
  const expanded: string[] = [];
  for (const permission of permissions) {
    if (!permission.startsWith("@")) {
      expanded.push(permission);
      continue;
    }
    if (seen.has(permission)) continue;
    const members = findSet(permission, setPoint, listings);
    if (members !== undefined) {
      expanded.push(...expandSets(members, setPoint, listings, new Set([...seen, permission])));
    }
  }
  return expanded;
}

// A set is visible where it is defined and below; the deepest definition wins.
function findSet(
  name: string,
  setPoint: string,
  listings: readonly PermissionListing[],
): readonly string[] | undefined {
  const visible = listings
    .filter((listing) => listing.dataset === setPoint || isDescendantOf(setPoint, listing.dataset))
    .sort((a, b) => b.dataset.length - a.dataset.length);
  for (const listing of visible) {
    const members = listing.sets.get(name);
    if (members !== undefined) return members;
  }
  return undefined;
}
