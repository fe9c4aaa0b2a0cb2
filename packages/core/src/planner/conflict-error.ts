import { ErrorCode } from "../errors/error-codes.js";
import { policyReference } from "../errors/policy-reference.js";
import { type ErrorContext, ZrelayError } from "../errors/zrelay-error.js";
import { byteCountText } from "../model/byte-count-text.js";
import type { Snapshot } from "../model/snapshot.js";
import { snapshotListText } from "../model/snapshot-list-text.js";
import type { PlanConflict } from "./plan-conflict.js";

/**
 * The error to report for a conflict: the message lists the snapshots involved and
 * the hint names the one policy or command that resolves it. `context.host` is the
 * target's host.
 */
export function describeConflict(
  conflict: PlanConflict,
  context: Pick<ErrorContext, "host"> = {},
): ZrelayError {
  const { source, target } = conflict;
  const options = { host: context.host, dataset: target };
  const on = context.host === undefined ? "" : ` on ${context.host}`;
  switch (conflict.kind) {
    case "diverged": {
      const common = conflict.latestCommon.name;
      const extra = snapshotListText(conflict.targetOnly);
      return new ZrelayError(
        ErrorCode.CONFLICT_DIVERGED,
        `Target ${target}${on} has diverged from ${source}: ${count(conflict.targetOnly)} newer than ` +
          `the latest common snapshot @${common} that the source does not have: ${extra}.`,
        {
          ...options,
          hint:
            `To destroy ${extra} on ${target} and continue from @${common}, rerun with ${policyReference("allowRollback")}. ` +
            `To keep them, rename ${target} (zfs rename) and let zrelay replicate afresh.`,
        },
      );
    }
    case "no-common-snapshot": {
      const listed = snapshotListText(conflict.targetSnapshots, { guids: true });
      return new ZrelayError(
        ErrorCode.CONFLICT_NO_COMMON_SNAPSHOT,
        `Target ${target}${on} has ${count(conflict.targetSnapshots)} but none in common with ${source} ` +
          `(compared by guid): ${listed}.`,
        {
          ...options,
          hint:
            `zrelay never overwrites unrelated snapshots, not even with ${policyReference("force")} or ${policyReference("allowRollback")}. ` +
            `Rename ${target} (zfs rename ${target} <new name>) or destroy it (zfs destroy -r ${target}), then rerun.`,
        },
      );
    }
    case "modified": {
      const at = `${target}@${conflict.latest.name}`;
      return new ZrelayError(
        ErrorCode.DESTINATION_MODIFIED,
        `Target ${target}${on} was modified since @${conflict.latest.name} (${byteCountText(conflict.written)} ` +
          `written), so ZFS would refuse to receive ${source}'s newer snapshots onto it.`,
        {
          ...options,
          hint:
            `See what changed with \`zfs diff ${at}\`. To discard the changes and continue from ` +
            `@${conflict.latest.name}, rerun with --allow-rollback (it runs \`zfs rollback ${at}\`). ` +
            `Keep backups unchanged with \`zfs set readonly=on ${target}\`.`,
        },
      );
    }
    case "target-not-empty":
      return new ZrelayError(
        ErrorCode.CONFLICT_TARGET_NOT_EMPTY,
        `Target ${target}${on} exists but has no snapshots, so replicating ${source} would overwrite it.`,
        {
          ...options,
          hint: `If nothing in ${target} needs keeping, rerun with ${policyReference("force")} to overwrite it; otherwise rename it (zfs rename).`,
        },
      );
  }
}

function count(snapshots: readonly Snapshot[]): string {
  return snapshots.length === 1 ? "1 snapshot" : `${snapshots.length} snapshots`;
}
