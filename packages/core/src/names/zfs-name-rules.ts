/**
 * OpenZFS naming rules for dataset, snapshot and bookmark names
 * (module/zcommon/zfs_namecheck.c, entity_namecheck), written so each rule can
 * say in words what is wrong and what to do. Pool rules: pool-name-rules.ts.
 */

import { type NameViolation, quoteName } from "./name-violation.js";
import { poolViolation } from "./pool-name-rules.js";

/** ZFS_MAX_DATASET_NAME_LEN is 256 including the terminating NUL. */
export const ZFS_MAX_NAME_LENGTH = 255;

// Anything that is neither a name character nor a separator. `%` is in here on
// purpose: ZFS only uses it for its own temporary clones during a receive.
const FORBIDDEN_CHAR = /[^A-Za-z0-9_\-:. /@#]/u;

const CHARSET = 'letters, digits, "_", "-", ":", "." and space';

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `${JSON.stringify(char)} (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
}

/** The first OpenZFS rule `input` breaks as a dataset, snapshot or bookmark name, if any. */
export function findNameViolation(input: string): NameViolation | undefined {
  if (typeof input !== "string") {
    return { rule: `is a ${typeof input}, not a string`, hint: "Pass the name as text." };
  }
  if (input === "") {
    return { rule: "is empty", hint: "Give a name like tank/data, tank/data@daily or tank/data#daily." };
  }
  const forbidden = FORBIDDEN_CHAR.exec(input);
  if (forbidden !== null) {
    const char = forbidden[0];
    if (char === "%") {
      return {
        rule: '"%" only appears in names ZFS makes for its own temporary clones',
        hint: "Name the dataset itself, not a temporary clone left by a receive.",
      };
    }
    return {
      rule: `character ${describeChar(char)} is not allowed; OpenZFS names use only ${CHARSET}, plus "/", "@" and "#" as separators`,
      hint: "Check for a typo, stray quoting or a pasted line break.",
    };
  }
  if (input.length > ZFS_MAX_NAME_LENGTH) {
    return {
      rule: `is ${input.length} characters long; OpenZFS allows at most ${ZFS_MAX_NAME_LENGTH}, snapshot or bookmark part included`,
      hint: "Use a shorter destination prefix, dataset path or snapshot name.",
    };
  }
  const delimiters = input.match(/[@#]/g) ?? [];
  if (delimiters.length > 1) {
    return {
      rule: `has ${delimiters.length} "@"/"#" separators; a name has at most one`,
      hint: "Write tank/data for a dataset, tank/data@snap for a snapshot, tank/data#mark for a bookmark.",
    };
  }
  const at = input.search(/[@#]/);
  if (at === -1) return datasetPathViolation(input);
  return (
    datasetPathViolation(input.slice(0, at)) ?? shortNameViolation(input.charAt(at), input.slice(at + 1))
  );
}

function datasetPathViolation(path: string): NameViolation | undefined {
  if (path === "") {
    return { rule: "has no dataset before its @ or #", hint: "Write the dataset first: tank/data@daily." };
  }
  if (path.startsWith("/")) {
    return {
      rule: 'starts with "/"; dataset names start with the pool, they are not mountpoints',
      hint: `Write ${quoteName(path.replace(/^\/+/, ""))}.`,
    };
  }
  if (path.endsWith("/")) return { rule: 'ends with "/"', hint: 'Remove the trailing "/".' };
  if (path.includes("//")) {
    return { rule: 'has an empty component ("//")', hint: 'Remove the doubled "/".' };
  }
  const components = path.split("/");
  const dots = components.find((component) => component === "." || component === "..");
  if (dots !== undefined) {
    return {
      rule: `has a ${JSON.stringify(dots)} component; ZFS names are not paths`,
      hint: "Write the full dataset name without . or .. components.",
    };
  }
  return poolViolation(components[0] ?? "");
}

function shortNameViolation(delimiter: string, shortName: string): NameViolation | undefined {
  const kind = delimiter === "@" ? "snapshot" : "bookmark";
  if (shortName === "") {
    return {
      rule: `has an empty ${kind} name after "${delimiter}"`,
      hint: `Write the ${kind} name after "${delimiter}".`,
    };
  }
  if (shortName.includes("/")) {
    return {
      rule: `${kind} name ${quoteName(shortName)} contains "/"`,
      hint: `The dataset path goes before "${delimiter}"; the ${kind} name after it has no "/".`,
    };
  }
  if (shortName === "." || shortName === "..") {
    return {
      rule: `${kind} name ${JSON.stringify(shortName)} is not allowed`,
      hint: `Choose another ${kind} name.`,
    };
  }
  return undefined;
}
