import {
  forwardEndpoint,
  isDescendantOf,
  parseSnapshotName,
  type SnapshotOrBookmark,
  type ZfsEndpoint,
} from "@zrelay/core";

/**
 * The source as a plan sees it once the job has taken its snapshots: the listing
 * also holds the snapshots `zrelay plan` and `--dry-run` only say they would take,
 * so the plan replicates them and its prune lines name what the run would destroy.
 * Each gets the time in its name as creation and a createtxg after its dataset's
 * newest; its guid is 0, which no snapshot ZFS makes has, so it is common with nothing.
 * Everything but `listSnapshots` goes to `source` unchanged (a plan sends nothing).
 */
export function withPlannedSnapshots(
  source: ZfsEndpoint,
  planned: readonly string[],
  time: Date,
): ZfsEndpoint {
  if (planned.length === 0) return source;
  const creation = Math.floor(time.getTime() / 1000);
  return forwardEndpoint(source, {
    listSnapshots: async (root) => {
      const listed = await source.listSnapshots(root);
      const newestTxg = new Map<string, bigint>();
      for (const point of listed) {
        if (point.createtxg > (newestTxg.get(point.dataset) ?? 0n))
          newestTxg.set(point.dataset, point.createtxg);
      }
      const added = planned.flatMap((fullName): SnapshotOrBookmark[] => {
        const { dataset, name } = parseSnapshotName(fullName);
        if (dataset !== root && !isDescendantOf(dataset, root)) return [];
        const createtxg = (newestTxg.get(dataset) ?? 0n) + 1n;
        return [{ kind: "snapshot", dataset, name, guid: 0n, createtxg, creation, userrefs: 0 }];
      });
      // Each is the newest of its dataset: after its points, as zfs lists them, oldest first.
      return [...listed, ...added];
    },
  });
}
