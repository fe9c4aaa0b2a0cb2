import type { SnapshotOrBookmark } from "@zrelay/core";
import { forEachOutputLine, parseUint64, ZfsOutputError } from "./zfs-output-error.js";

const AT = 64;
const HASH = 35;

/**
 * Reads `zfs list -H -p -o name,guid,createtxg,creation,userrefs -t snapshot,bookmark -r ROOT`
 * (or the same without `userrefs`, the hold count; a bookmark prints `-` there) and returns the snapshots and bookmarks grouped by dataset (in the order the
 * datasets first appear, parents first) and oldest first within each dataset.
 * At equal createtxg (a bookmark made from a snapshot) the snapshot comes first.
 *
 * A tree of 10,000 datasets × 100 snapshots prints a million lines (bench/plan.mjs):
 * fields are cut from the output by offset, without an array per line, and the
 * dataset name, the same on every line of a dataset, is one string per dataset.
 */
export function parseSnapshotList(stdout: string): SnapshotOrBookmark[] {
  const byDataset = new Map<string, SnapshotOrBookmark[]>();
  let dataset = "";
  let points: SnapshotOrBookmark[] = [];
  const names = new NameTable();
  // The line being read, cut out only for an error message (one closure, not one a line).
  const current = { start: 0, end: 0 };
  const line = () => stdout.slice(current.start, current.end);
  forEachOutputLine(stdout, (start, end, lineNumber) => {
    current.start = start;
    current.end = end;
    const first = stdout.indexOf("\t", start);
    const second = first === -1 || first >= end ? -1 : stdout.indexOf("\t", first + 1);
    const third = second === -1 || second >= end ? -1 : stdout.indexOf("\t", second + 1);
    const fourth = third === -1 || third >= end ? -1 : stdout.indexOf("\t", third + 1);
    const holdsField = fourth !== -1 && fourth < end;
    const extra = holdsField ? stdout.indexOf("\t", fourth + 1) : -1;
    if (third === -1 || third >= end || (extra !== -1 && extra < end))
      throw new ZfsOutputError(
        "expected name, guid, createtxg, creation and userrefs separated by tabs",
        lineNumber,
        line(),
      );
    let separator = start + dataset.length;
    if (!sameDataset(stdout, start, dataset)) {
      separator = nameSeparator(stdout, start, first);
      if (separator > start) {
        dataset = detached(stdout.slice(start, separator));
        points = byDataset.get(dataset) ?? [];
        byDataset.set(dataset, points);
      }
    }
    if (separator <= start || separator === first - 1) {
      throw new ZfsOutputError(
        `${JSON.stringify(stdout.slice(start, first))} is neither a snapshot nor a bookmark name`,
        lineNumber,
        line(),
      );
    }
    const creation = stdout.slice(third + 1, holdsField ? fourth : end);
    const createdAt = Number(creation);
    if (creation === "" || !Number.isSafeInteger(createdAt))
      throw new ZfsOutputError(`creation ${JSON.stringify(creation)} is not a number`, lineNumber, line());
    const point = {
      dataset,
      name: names.of(stdout, separator + 1, first),
      guid: parseUint64(stdout.slice(first + 1, second), "guid", lineNumber, line),
      createtxg: parseUint64(stdout.slice(second + 1, third), "createtxg", lineNumber, line),
      creation: createdAt,
    };
    if (stdout.charCodeAt(separator) !== AT) points.push({ kind: "bookmark", ...point });
    else if (!holdsField) points.push({ kind: "snapshot", ...point });
    else
      points.push({
        kind: "snapshot",
        ...point,
        userrefs: holdCount(stdout.slice(fourth + 1, end), lineNumber, line),
      });
  });
  const all: SnapshotOrBookmark[] = [];
  // zfs prints each dataset's points oldest first already: the sort only checks that.
  for (const group of byDataset.values()) for (const point of group.sort(oldestFirst)) all.push(point);
  return all;
}

/** A snapshot's `userrefs`: how many holds it has. */
function holdCount(text: string, lineNumber: number, line: () => string): number {
  const holds = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(holds))
    throw new ZfsOutputError(`userrefs ${JSON.stringify(text)} is not a number`, lineNumber, line());
  return holds;
}

/** Reads `zfs list -H -o name`: one name a line. */
export function parseNameList(stdout: string): string[] {
  const names: string[] = [];
  forEachOutputLine(stdout, (start, end) => names.push(stdout.slice(start, end)));
  return names;
}

/** The line at `start` names a point of `dataset`: it starts with `dataset@` or `dataset#`. */
function sameDataset(output: string, start: number, dataset: string): boolean {
  if (dataset === "" || !output.startsWith(dataset, start)) return false;
  const next = output.charCodeAt(start + dataset.length);
  return next === AT || next === HASH;
}

/** Where the first `@` or `#` of the name field is, or -1. */
function nameSeparator(output: string, start: number, tab: number): number {
  for (let index = start; index < tab; index++) {
    const code = output.charCodeAt(index);
    if (code === AT || code === HASH) return index;
  }
  return -1;
}

function oldestFirst(a: SnapshotOrBookmark, b: SnapshotOrBookmark): number {
  if (a.createtxg !== b.createtxg) return a.createtxg < b.createtxg ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === "snapshot" ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Snapshot names, each kept once: a recursive snapshot gives every dataset of a
 * tree the same name, so a million snapshots often have a few hundred names. A
 * name is a copy, not a slice of the output (V8 keeps a whole string alive for
 * any slice of it, and a listing is 100 MB). Past `limit` distinct names (every
 * snapshot named apart) the table stops growing and names are plain copies.
 */
class NameTable {
  readonly #names = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = 100_000) {
    this.#limit = limit;
  }

  of(output: string, start: number, end: number): string {
    const slice = output.slice(start, end);
    const known = this.#names.get(slice);
    if (known !== undefined) return known;
    const name = detached(slice);
    if (this.#names.size < this.#limit) this.#names.set(name, name);
    return name;
  }
}

/** A copy of `text` that shares no memory with the string it was cut from. */
function detached(text: string): string {
  // Slicing a concatenation flattens it into a new string; the slice of that is the copy.
  return `${text} `.slice(0, -1);
}
