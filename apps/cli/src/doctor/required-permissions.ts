import type { JobDefinition } from "../job/job-definition.js";

export type DoctorRole = "source" | "target";

/** What zrelay will do on a side beyond the basics, which changes what it needs. */
export interface PermissionFeatures {
  /** zrelay bookmarks sent snapshots on the source (`zfs bookmark`) and destroys its older ones. */
  readonly bookmarks: boolean;
}

/** Every job keeps its chain with bookmarks on the source (pull and sync as push does). */
export function defaultBookmarks(_job: JobDefinition): boolean {
  return true;
}

/**
 * The `zfs allow` permissions a non-root user needs on one side of `job`, in
 * the order `zfs allow` lines are written:
 * - source: `send`, and `hold`/`release` to pin the snapshot being sent; `bookmark`
 *   when zrelay keeps bookmarks as incremental bases, and `destroy` to remove its own
 *   older ones (ZFS has no narrower permission for destroying a bookmark); `snapshot`
 *   and `mount` (zfs allow: snapshot "must also have the mount ability") with a
 *   `snapshot:` policy;
 * - with holds on (`hold`), `hold` and `release` on the target too;
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
    return unique([
      "send",
      "hold",
      "release",
      ...(features.bookmarks ? ["bookmark", "destroy"] : []),
      ...(job.snapshot !== undefined ? ["snapshot", "mount"] : []),
      // Retention: `zfs destroy` of snapshots needs destroy and, as every destroy does, mount.
      ...(job.options.pruneSource !== undefined ? ["destroy", "mount"] : []),
    ]);
  }
  const destroys = job.options.allowRollback || job.options.pruneTarget !== undefined;
  return unique([
    "receive",
    "create",
    "mount",
    "canmount",
    ...(job.options.allowRollback ? ["rollback"] : []),
    ...(destroys ? ["destroy"] : []),
    ...(job.options.hold ? ["hold", "release"] : []),
  ]);
}

function unique(permissions: readonly string[]): string[] {
  return [...new Set(permissions)];
}
