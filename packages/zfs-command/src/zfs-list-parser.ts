import type { SnapshotOrBookmark } from "@zrelay/core";
import { outputLines, parseUint64, ZfsOutputError } from "./zfs-output-error.js";

/**
 * Reads `zfs list -H -p -o name,guid,createtxg,creation,userrefs -t snapshot,bookmark -r ROOT`
 * (`userrefs`, the hold count, is `-` for a bookmark; a listing without the column is read too)
 * and returns the snapshots and bookmarks grouped by dataset (in the order the
 * datasets first appear, parents first) and oldest first within each dataset.
 * At equal createtxg (a bookmark made from a snapshot) the snapshot comes first.
 */
export function parseSnapshotList(stdout: string): SnapshotOrBookmark[] {
  const byDataset = new Map<string, SnapshotOrBookmark[]>();
  for (const { text, number } of outputLines(stdout)) {
    const point = parsePoint(text, number);
    const points = byDataset.get(point.dataset);
    if (points === undefined) byDataset.set(point.dataset, [point]);
    else points.push(point);
  }
  return [...byDataset.values()].flatMap((points) => points.sort(oldestFirst));
}

/** Reads `zfs list -H -o name`: one name a line. */
export function parseNameList(stdout: string): string[] {
  return outputLines(stdout).map((line) => line.text);
}

function parsePoint(line: string, lineNumber: number): SnapshotOrBookmark {
  const fields = line.split("\t");
  if (fields.length !== 4 && fields.length !== 5)
    throw new ZfsOutputError(
      "expected name, guid, createtxg, creation and userrefs separated by tabs",
      lineNumber,
      line,
    );
  const [fullName = "", guid = "", createtxg = "", creation = "", userrefs] = fields;
  const separator = fullName.search(/[@#]/);
  if (separator <= 0 || separator === fullName.length - 1) {
    throw new ZfsOutputError(
      `${JSON.stringify(fullName)} is neither a snapshot nor a bookmark name`,
      lineNumber,
      line,
    );
  }
  const createdAt = Number(creation);
  if (!Number.isSafeInteger(createdAt))
    throw new ZfsOutputError(`creation ${JSON.stringify(creation)} is not a number`, lineNumber, line);
  const point = {
    dataset: fullName.slice(0, separator),
    name: fullName.slice(separator + 1),
    guid: parseUint64(guid, "guid", lineNumber, line),
    createtxg: parseUint64(createtxg, "createtxg", lineNumber, line),
    creation: createdAt,
  };
  if (fullName.charAt(separator) === "#") return { kind: "bookmark", ...point };
  if (userrefs === undefined) return { kind: "snapshot", ...point };
  const holds = Number(userrefs);
  if (!/^\d+$/.test(userrefs) || !Number.isSafeInteger(holds))
    throw new ZfsOutputError(`userrefs ${JSON.stringify(userrefs)} is not a number`, lineNumber, line);
  return { kind: "snapshot", ...point, userrefs: holds };
}

function oldestFirst(a: SnapshotOrBookmark, b: SnapshotOrBookmark): number {
  if (a.createtxg !== b.createtxg) return a.createtxg < b.createtxg ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === "snapshot" ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
