/**
 * Rules for a pool name, the first component of every dataset name
 * (OpenZFS pool_namecheck, and libzfs zpool_name_valid for the reserved words).
 * No check for Solaris disk-like names (`c0…`): OpenZFS dropped it (openzfs#11781).
 */

import { type NameViolation, quoteName } from "./name-violation.js";

// pool_namecheck wants strlen < 256 - 2 - 2 * strlen("$ORIGIN"), keeping room for
// "<pool>/$ORIGIN@$ORIGIN", which every pool gets.
const MAX_POOL_NAME_LENGTH = 239;

// zpool create refuses these prefixes (libzfs zpool_name_valid); the kernel only
// refuses the exact words, but no current zpool can create or import the rest.
const RESERVED_POOL_PREFIXES = ["mirror", "raidz", "draid", "spare"];
const RESERVED_POOL_NAMES = ["log"];

/** The rule a pool name (a dataset name's first component) breaks, if any. */
export function poolViolation(pool: string): NameViolation | undefined {
  if (!/^[A-Za-z]/.test(pool)) {
    return {
      rule: `pool name ${quoteName(pool)} does not start with a letter`,
      hint: "The first component of a dataset name is its pool; check that the pool is named first.",
    };
  }
  // Case-sensitive, as in OpenZFS: "Mirror" is a valid pool name.
  if (RESERVED_POOL_NAMES.includes(pool) || RESERVED_POOL_PREFIXES.some((word) => pool.startsWith(word))) {
    return {
      rule: `pool name ${quoteName(pool)} is reserved by OpenZFS (mirror*, raidz*, draid*, spare*, log)`,
      hint: "Check that the name starts with the pool; a pool cannot be named after a vdev type.",
    };
  }
  if (pool.length > MAX_POOL_NAME_LENGTH) {
    return {
      rule: `pool name is ${pool.length} characters long; OpenZFS allows at most ${MAX_POOL_NAME_LENGTH}`,
      hint: "Check that the first component really is the pool.",
    };
  }
  return undefined;
}
