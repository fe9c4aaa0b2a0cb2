import { isCoveredBy } from "@zrelay/core";
import { machineOf } from "../job/dataset-trees.js";
import type { JobDefinition } from "../job/job-definition.js";

/**
 * The other config jobs that send from `dataset` on the machine of the job's
 * `side`: the push offsite from a pull's target, a second pull of the same
 * source. Each one's base must survive this job's rules.
 */
export function peersReplicating(job: JobDefinition, side: "source" | "target", dataset: string): string[] {
  const machine = machineOf(side === "source" ? job.source : job.target);
  return (job.peers ?? [])
    .filter((peer) => machineOf(peer.source) === machine && isCoveredBy(dataset, peer.datasets))
    .map((peer) => peer.name);
}
