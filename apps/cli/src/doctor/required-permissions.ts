import type { JobDefinition } from "../job/job-definition.js";

export type DoctorRole = "source" | "target";

/** What zrelay will do on a side beyond the basics, which changes what it needs. */
export interface PermissionFeatures {
  /** zrelay bookmarks sent snapshots on the source (`zfs bookmark`). */
  readonly bookmarks: boolean;
}

/** Whether zrelay bookmarks on the source when nothing says otherwise: push jobs only. */
export function defaultBookmarks(job: JobDefinition): boolean {
  return job.kind === "push";
}

/**
 * The `zfs allow` permissions a non-root user needs on one side of `job`, in
 * the order `zfs allow` lines are written:
 * - source: `send`, and `hold`/`release` to pin the snapshot being sent; `bookmark`
 *   when zrelay keeps bookmarks as incremental bases;
 * - target: `receive`, `create` and `mount` (ZFS wants all three for a receive),
 *   and `canmount`, because zrelay creates parents with canmount=off and receives
 *   with `-o canmount=off` (without it the property is silently not set);
 *   `rollback` and `destroy` only when the job allows rollback; `destroy` (and on the
 *   source `mount`) when retention prunes that side (`prune-target`, `prune-source`).
 */
export function requiredPermissions(
  role: DoctorRole,
  job: JobDefinition,
  features: PermissionFeatures,
): string[] {
  if (role === "source") {
    const base = ["send", "hold", "release", ...(features.bookmarks ? ["bookmark"] : [])];
    // Retention: `zfs destroy` of snapshots needs destroy and, as every destroy does, mount.
    return job.options.pruneSource === undefined ? base : [...base, "destroy", "mount"];
  }
  const destroys = job.options.allowRollback || job.options.pruneTarget !== undefined;
  return [
    "receive",
    "create",
    "mount",
    "canmount",
    ...(job.options.allowRollback ? ["rollback"] : []),
    ...(destroys ? ["destroy"] : []),
  ];
}
