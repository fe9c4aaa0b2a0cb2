import { ErrorCode, parseSnapshotName, ZrelayError } from "@zrelay/core";

/**
 * The names of one `zfs snapshot a@x b@x …`, checked before any argv exists: each a
 * valid snapshot name, all in one pool and at most one per dataset, which is what
 * OpenZFS takes atomically (it refuses anything else with a misleading EXDEV text).
 */
export function checkSnapshotBatch(snapshots: readonly string[], host: string): readonly string[] {
  const [first] = snapshots;
  if (first === undefined) throw refused("no snapshot names given", host, undefined);
  const parsed = snapshots.map((name) => parseSnapshotName(name, { host }));
  const pool = poolOf(parsed[0]?.dataset ?? first);
  const seen = new Set<string>();
  for (const { dataset } of parsed) {
    if (poolOf(dataset) !== pool) {
      throw refused(
        `${dataset} is not in pool ${pool}; one zfs snapshot command takes one pool`,
        host,
        dataset,
      );
    }
    if (seen.has(dataset))
      throw refused(`two snapshots of ${dataset} in one zfs snapshot command`, host, dataset);
    seen.add(dataset);
  }
  return snapshots;
}

function poolOf(dataset: string): string {
  return dataset.split("/")[0] ?? dataset;
}

function refused(why: string, host: string, dataset: string | undefined): ZrelayError {
  return new ZrelayError(ErrorCode.INVALID_NAME, `snapshot refused on ${host}: ${why}`, {
    host,
    ...(dataset === undefined ? {} : { dataset }),
    hint: "Take the snapshots of each pool in a command of their own.",
  });
}
