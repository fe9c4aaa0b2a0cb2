import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import type { Snapshot } from "../model/snapshot.js";
import { describeConflict } from "./conflict-error.js";
import type { PlanConflict } from "./plan-conflict.js";
import { guidOf, SOURCE, snapshotsIn, TARGET } from "./plan-notation.fixture.js";

const common = snapshotsIn(TARGET, "@b,11")[0] as Snapshot;
const targetOnly = snapshotsIn(TARGET, "@x,12 @y,13");

describe("describeConflict", () => {
  it.each<{ conflict: PlanConflict; code: ErrorCode; message: string; hint: string }>([
    {
      conflict: {
        outcome: "conflict",
        kind: "diverged",
        source: SOURCE,
        target: TARGET,
        latestCommon: common,
        targetOnly,
      },
      code: ErrorCode.CONFLICT_DIVERGED,
      message:
        "Target backup/host/data on host-storage has diverged from tank/data: 2 snapshots newer than " +
        "the latest common snapshot @b that the source does not have: @x, @y.",
      hint:
        "To destroy @x, @y on backup/host/data and continue from @b, rerun with {{allowRollback}}. " +
        "To keep them, rename backup/host/data (zfs rename) and let zrelay replicate afresh.",
    },
    {
      conflict: {
        outcome: "conflict",
        kind: "no-common-snapshot",
        source: SOURCE,
        target: TARGET,
        targetSnapshots: targetOnly,
      },
      code: ErrorCode.CONFLICT_NO_COMMON_SNAPSHOT,
      message:
        "Target backup/host/data on host-storage has 2 snapshots but none in common with tank/data (compared by guid): " +
        `@x (guid ${guidOf("x")}), @y (guid ${guidOf("y")}).`,
      hint:
        "zrelay never overwrites unrelated snapshots, not even with {{force}} or {{allowRollback}}. " +
        "Rename backup/host/data (zfs rename backup/host/data <new name>) or destroy it (zfs destroy -r backup/host/data), then rerun.",
    },
    {
      conflict: {
        outcome: "conflict",
        kind: "modified",
        source: SOURCE,
        target: TARGET,
        latest: common,
        written: 12288,
      },
      code: ErrorCode.DESTINATION_MODIFIED,
      message:
        "Target backup/host/data on host-storage was modified since @b (12 KiB written), " +
        "so ZFS would refuse to receive tank/data's newer snapshots onto it.",
      hint:
        "See what changed with `zfs diff backup/host/data@b`. To discard the changes and continue from @b, " +
        "rerun with --allow-rollback (it runs `zfs rollback backup/host/data@b`). " +
        "Keep backups unchanged with `zfs set readonly=on backup/host/data`.",
    },
    {
      conflict: { outcome: "conflict", kind: "target-not-empty", source: SOURCE, target: TARGET },
      code: ErrorCode.CONFLICT_TARGET_NOT_EMPTY,
      message:
        "Target backup/host/data on host-storage exists but has no snapshots, so replicating tank/data would overwrite it.",
      hint: "If nothing in backup/host/data needs keeping, rerun with {{force}} to overwrite it; otherwise rename it (zfs rename).",
    },
  ])("$code names the snapshots and the way out", ({ conflict, code, message, hint }) => {
    const error = describeConflict(conflict, { host: "host-storage" });
    expect(error).toBeInstanceOf(ZrelayError);
    expect(error).toMatchObject({
      code,
      message,
      hint,
      host: "host-storage",
      dataset: TARGET,
      retryable: false,
    });
  });

  it("lists a guid above 2^53 exactly and reads well for one snapshot without a host", () => {
    const only = snapshotsIn(TARGET, "@x=18446744073709551557,5");
    const error = describeConflict({
      outcome: "conflict",
      kind: "no-common-snapshot",
      source: SOURCE,
      target: TARGET,
      targetSnapshots: only,
    });
    expect(error.message).toBe(
      "Target backup/host/data has 1 snapshot but none in common with tank/data (compared by guid): @x (guid 18446744073709551557).",
    );
  });
});
