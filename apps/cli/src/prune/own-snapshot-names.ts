import { defaultSnapshotPrefix } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";

/**
 * zrelay's own snapshots of a job are `<prefix>_<ISO-8601 UTC time>`, the prefix
 * `zrelay_<job>` unless its `snapshot: { prefix }` names one
 * (`zrelay_nightly_2026-12-03T02:30:00Z`); retention governs them unless a
 * rule's `match:` says otherwise. The date part of the pattern keeps job `a`
 * from governing job `a_b`'s snapshots.
 */
export function ownSnapshotPattern(job: Pick<JobDefinition, "name" | "snapshot">): string {
  const prefix = job.snapshot?.prefix ?? defaultSnapshotPrefix(jobSnapshotTag(job.name));
  return `${prefix}_????-??-??T*`;
}

/** The job name as it can appear in a snapshot name: `pull host-storage` → `pull-host-storage`. */
export function jobSnapshotTag(jobName: string): string {
  return jobName.replace(/[^A-Za-z0-9_.:-]/g, "-");
}
