import { type Dataset, fullName, type SnapshotOrBookmark, type ZfsEndpoint } from "@zrelay/core";

/**
 * A dataset's own snapshots and bookmarks as `@name guid` / `#name guid` lines,
 * in listed order: comparing two of these compares what a user would see
 * arrive, and a failure prints a readable diff.
 */
export function history(points: readonly SnapshotOrBookmark[], dataset?: string): string[] {
  return points
    .filter((point) => dataset === undefined || point.dataset === dataset)
    .map((point) => `${point.kind === "snapshot" ? "@" : "#"}${point.name} ${point.guid}`);
}

/** `history` of one dataset, read through the endpoint. */
export async function historyOf(endpoint: ZfsEndpoint, dataset: string): Promise<string[]> {
  return history(await endpoint.listSnapshots(dataset), dataset);
}

/** The snapshot or bookmark with that full name (`tank/x@s1`, `tank/x#b`), or undefined. */
export function findPoint(
  points: readonly SnapshotOrBookmark[],
  name: string,
): SnapshotOrBookmark | undefined {
  return points.find((point) => fullName(point) === name);
}

/** The dataset itself as listed, or undefined when it does not exist. */
export async function datasetOf(endpoint: ZfsEndpoint, name: string): Promise<Dataset | undefined> {
  return (await endpoint.listDatasets(name)).find((dataset) => dataset.name === name);
}
