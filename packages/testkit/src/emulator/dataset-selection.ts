import { parentOf } from "@zrelay/core";
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
  const visit = (dataset: string, level: number) => {
    if (selection.types.has(state.zfs.dataset(dataset).type)) found.set(dataset, 0n);
    if (level >= depth) return;
    for (const point of state.zfs.listSnapshots(dataset, { recursive: false })) {
      if (selection.types.has(point.kind))
        found.set(`${dataset}${point.kind === "snapshot" ? "@" : "#"}${point.name}`, point.createtxg);
    }
    for (const child of state.zfs.listDatasets(dataset)) {
      if (parentOf(child.name) === dataset) visit(child.name, level + 1);
    }
  };
  for (const operand of operands) {
    if (!state.zfs.exists(operand)) {
      fail(zfsErrors.notFound(operand));
      continue;
    }
    const point = splitPointName(operand);
    if (point === undefined) visit(operand, 0);
    else found.set(operand, createtxgOf(state, operand));
  }
  return [...found.keys()].sort((a, b) => compareNames(a, b, found));
}

/** libzfs zfs_compare. */
function compareNames(left: string, right: string, createtxg: ReadonlyMap<string, bigint>): number {
  const leftAt = left.indexOf("@");
  const rightAt = right.indexOf("@");
  const leftBase = leftAt === -1 ? left : left.slice(0, leftAt);
  const rightBase = rightAt === -1 ? right : right.slice(0, rightAt);
  if (leftBase !== rightBase) return leftBase < rightBase ? -1 : 1;
  if (leftAt === -1 && rightAt === -1) return 0;
  if (leftAt === -1) return -1;
  if (rightAt === -1) return 1;
  const l = createtxg.get(left) ?? 0n;
  const r = createtxg.get(right) ?? 0n;
  return l < r ? -1 : l > r ? 1 : 0;
}

function createtxgOf(state: EmulatorState, name: string): bigint {
  const point = splitPointName(name);
  const found = state.zfs
    .listSnapshots(point?.dataset ?? name, { recursive: false })
    .find((p) => p.name === point?.name && p.kind === point?.kind);
  return found?.createtxg ?? 0n;
}
