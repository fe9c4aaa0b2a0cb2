import { byCreatetxg, forwardEndpoint, type Snapshot, type ZfsEndpoint } from "@zrelay/core";

/**
 * The snapshots a job's listings returned, per side and dataset: what the run
 * state records as each side's newest without a second listing. Filled by
 * wrapping the job's endpoints, so every route (direct, raw push) is seen alike.
 */
export class SnapshotListings {
  readonly #sides = { source: new Map<string, Snapshot[]>(), target: new Map<string, Snapshot[]>() };

  /** `endpoint`, with every `listSnapshots` answer remembered as `side`'s. */
  record(side: "source" | "target", endpoint: ZfsEndpoint): ZfsEndpoint {
    const datasets = this.#sides[side];
    return forwardEndpoint(endpoint, {
      listSnapshots: async (root) => {
        const points = await endpoint.listSnapshots(root);
        // A root listed again replaces what its datasets had: the later listing is the truth.
        const listed = new Map<string, Snapshot[]>();
        for (const point of points) {
          if (point.kind !== "snapshot") continue;
          const list = listed.get(point.dataset) ?? [];
          list.push(point);
          listed.set(point.dataset, list);
        }
        for (const [dataset, snapshots] of listed) datasets.set(dataset, snapshots.sort(byCreatetxg));
        return points;
      },
    });
  }

  /** The snapshots `side` listed for `dataset`, oldest first; empty when none were listed. */
  snapshots(side: "source" | "target", dataset: string): readonly Snapshot[] {
    return this.#sides[side].get(dataset) ?? [];
  }
}
