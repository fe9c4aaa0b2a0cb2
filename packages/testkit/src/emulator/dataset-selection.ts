import { parentOf } from "@zrelay/core";
import type { DatasetView } from "../model/dataset-listing.js";
import type { FakeZfsError } from "../model/fake-zfs-error.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { splitPointName } from "../model/zfs-names.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";

export type ZfsType = "filesystem" | "volume" | "snapshot" | "bookmark";

const TYPE_NAMES: Readonly<Record<string, readonly ZfsType[]>> = {
  filesystem: ["filesystem"],
  volume: ["volume"],
  snapshot: ["snapshot"],
  snap: ["snapshot"],
  bookmark: ["bookmark"],
  all: ["filesystem", "volume", "snapshot", "bookmark"],
};

/** `-t a,b` → the types; undefined when not given. */
export function parseTypes(
  list: readonly string[] | undefined,
  usage: string | undefined,
): Set<ZfsType> | undefined {
  if (list === undefined) return undefined;
  const types = new Set<ZfsType>();
  for (const name of list) {
    const found = TYPE_NAMES[name];
    if (found === undefined) throw emulatorErrors.usage(`invalid type '${name}'`, usage);
    for (const type of found) types.add(type);
  }
  return types;
}

/** What `zfs list`/`zfs get` walk. */
export interface Selection {
  readonly operands: readonly string[];
  readonly types: ReadonlySet<ZfsType>;
  /** Levels below each operand (Infinity for -r); undefined without -r/-d: 0, or everything when no operand is given. */
  readonly depth: number | undefined;
}

/**
 * The names `zfs list`/`zfs get` print, in zfs's order (libzfs zfs_compare:
 * by name, a dataset before its snapshots, snapshots of one dataset by
 * createtxg, each name once). An absent operand is reported through `fail`
 * and the others are still listed, as zfs does.
 */
export function selectNames(
  state: EmulatorState,
  selection: Selection,
  fail: (error: FakeZfsError) => void,
): string[] {
  const found = new Map<string, bigint>();
  const operands = selection.operands.length > 0 ? selection.operands : state.pools();
  const depth = selection.depth ?? (selection.operands.length > 0 ? 0 : Number.POSITIVE_INFINITY);
  for (const operand of operands) {
    if (!state.zfs.exists(operand)) {
      fail(zfsErrors.notFound(operand));
      continue;
    }
    const point = splitPointName(operand);
    if (point === undefined) visitTree(state, operand, depth, selection.types, found);
    else found.set(operand, createtxgOf(state, operand));
  }
  return sortedNames(found);
}

/**
 * Adds `root` and what lies within `depth` levels below it to `found`. The
 * subtree is read once: asking the model for each dataset's children would
 * walk every dataset's descendants again (seconds on thousands of datasets).
 */
function visitTree(
  state: EmulatorState,
  root: string,
  depth: number,
  types: ReadonlySet<ZfsType>,
  found: Map<string, bigint>,
): void {
  const children = new Map<string, DatasetView[]>();
  const subtree = state.zfs.listDatasets(root);
  for (const dataset of subtree) {
    const parent = parentOf(dataset.name);
    if (parent === undefined || dataset.name === root) continue;
    const siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, [dataset]);
    else siblings.push(dataset);
  }
  const withPoints = types.has("snapshot") || types.has("bookmark");
  const visit = (dataset: DatasetView, level: number) => {
    if (types.has(dataset.type)) found.set(dataset.name, 0n);
    if (level >= depth) return;
    if (withPoints)
      for (const point of state.zfs.listSnapshots(dataset.name, { recursive: false })) {
        if (types.has(point.kind))
          found.set(`${dataset.name}${point.kind === "snapshot" ? "@" : "#"}${point.name}`, point.createtxg);
      }
    for (const child of children.get(dataset.name) ?? []) visit(child, level + 1);
  };
  if (subtree[0] !== undefined) visit(subtree[0], 0);
}

/** A name as libzfs zfs_compare orders it, split once rather than on every comparison. */
interface SortKey {
  readonly name: string;
  /** The name up to `@` (a bookmark's `#` stays in: bookmarks sort as names). */
  readonly base: string;
  readonly snapshot: boolean;
  readonly createtxg: bigint;
}

/** `found`'s names in zfs's order. */
function sortedNames(found: ReadonlyMap<string, bigint>): string[] {
  const keys: SortKey[] = [];
  for (const [name, createtxg] of found) {
    const at = name.indexOf("@");
    keys.push({ name, base: at === -1 ? name : name.slice(0, at), snapshot: at !== -1, createtxg });
  }
  return keys.sort(compareNames).map((key) => key.name);
}

/** libzfs zfs_compare. */
function compareNames(left: SortKey, right: SortKey): number {
  if (left.base !== right.base) return left.base < right.base ? -1 : 1;
  if (!left.snapshot && !right.snapshot) return 0;
  if (!left.snapshot) return -1;
  if (!right.snapshot) return 1;
  return left.createtxg < right.createtxg ? -1 : left.createtxg > right.createtxg ? 1 : 0;
}

function createtxgOf(state: EmulatorState, name: string): bigint {
  const point = splitPointName(name);
  const found = state.zfs
    .listSnapshots(point?.dataset ?? name, { recursive: false })
    .find((p) => p.name === point?.name && p.kind === point?.kind);
  return found?.createtxg ?? 0n;
}
