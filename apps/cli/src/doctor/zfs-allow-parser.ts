/**
 * Parses what `zfs allow DATASET` prints: one block per dataset that carries
 * delegations (the dataset itself and its ancestors), e.g.
 *
 *     ---- Permissions on backuppool ---------------------------------------
 *     Permission sets:
 *     	@replicate receive,create,mount
 *     Local+Descendent permissions:
 *     	user backup @replicate,canmount
 *     	group staff hold
 *     	everyone send
 */

/** Where a grant applies, relative to the dataset it is set on. */
export type PermissionScope = "local" | "descendent" | "local+descendent";

export type Grantee =
  | { readonly kind: "user"; readonly name: string }
  | { readonly kind: "group"; readonly name: string }
  | { readonly kind: "everyone" };

export interface PermissionGrant {
  readonly scope: PermissionScope;
  readonly grantee: Grantee;
  /** Permission names and `@set` references, as printed. */
  readonly permissions: readonly string[];
}

/** The delegations set on one dataset. */
export interface PermissionListing {
  readonly dataset: string;
  /** `@name` → its permissions (which may name other sets). */
  readonly sets: ReadonlyMap<string, readonly string[]>;
  /** `zfs allow -c`: given to whoever creates a dataset below; not a grant on existing ones. */
  readonly createTime: readonly string[];
  readonly grants: readonly PermissionGrant[];
}

type Section = "sets" | "create-time" | PermissionScope;

const SECTIONS: Readonly<Record<string, Section>> = {
  "Permission sets:": "sets",
  "Create time permissions:": "create-time",
  "Local permissions:": "local",
  "Descendent permissions:": "descendent",
  "Local+Descendent permissions:": "local+descendent",
};

const HEADER = /^-+ Permissions on (.+?) -*$/;
const splitList = (text: string) => text.split(",").filter((item) => item !== "");

interface ListingDraft {
  dataset: string;
  sets: Map<string, readonly string[]>;
  createTime: string[];
  grants: PermissionGrant[];
}

/**
 * Every block of `zfs allow` output, in the order printed. Lines it does not
 * recognise are skipped: a permission it fails to see is then reported as
 * missing, which errs on the side of telling the user to grant it.
 */
export function parseZfsAllow(output: string): PermissionListing[] {
  const listings: ListingDraft[] = [];
  let current: ListingDraft | undefined;
  let section: Section | undefined;
  for (const line of output.split("\n")) {
    const header = HEADER.exec(line.trim());
    if (header?.[1] !== undefined) {
      current = { dataset: header[1], sets: new Map(), createTime: [], grants: [] };
      listings.push(current);
      section = undefined;
      continue;
    }
    const named = SECTIONS[line.trim()];
    if (named !== undefined) {
      section = named;
      continue;
    }
    if (current === undefined || section === undefined || !/^\s/.test(line)) continue;
    readEntry(line.trim().split(/\s+/), section, current);
  }
  return listings;
}

function readEntry(words: readonly string[], section: Section, into: ListingDraft): void {
  const [first, second, third] = words;
  if (first === undefined || first === "") return;
  if (section === "sets") {
    if (first.startsWith("@")) into.sets.set(first, splitList(second ?? ""));
  } else if (section === "create-time") {
    into.createTime.push(...splitList(first));
  } else if (first === "everyone" && second !== undefined) {
    into.grants.push({ scope: section, grantee: { kind: "everyone" }, permissions: splitList(second) });
  } else if ((first === "user" || first === "group") && second !== undefined && third !== undefined) {
    into.grants.push({
      scope: section,
      grantee: { kind: first, name: second },
      permissions: splitList(third),
    });
  }
}
