import { incrementalEnd, type PlanStep, type Snapshot, snapshotListText } from "@zrelay/core";
import { formatBytes } from "./format-units.js";

/** One step of a plan as a user reads it; `destructive` ones are shown in bold. */
export interface StepLine {
  readonly text: string;
  readonly destructive: boolean;
}

/** What a plan step will do, in a short sentence naming the snapshots involved. */
export function describeStep(step: PlanStep, target: string): StepLine {
  const raw = (isRaw: boolean) => (isRaw ? " (raw)" : "");
  switch (step.kind) {
    case "create-parents":
      return { text: `create the missing parents of ${target} (canmount=off)`, destructive: false };
    case "abort-resume":
      return {
        text: `DISCARD the interrupted receive on ${target} (zfs receive -A): ${step.reason}`,
        destructive: true,
      };
    case "resume":
      return {
        text: `resume the interrupted receive of @${step.snapshot.name}${raw(step.raw)}`,
        destructive: false,
      };
    case "rollback": {
      const lost = [
        step.destroys.length > 0 ? snapshotListText(step.destroys) : undefined,
        step.discardsWritten
          ? `the ${formatBytes(step.discardsWritten)} written since its latest snapshot`
          : undefined,
      ].filter((part) => part !== undefined);
      return {
        text: `ROLLBACK ${target} to @${step.to.name}, DESTROYING ${lost.join(" and ")}`,
        destructive: true,
      };
    }
    case "full":
      return {
        text: `full send of @${step.snapshot.name}${raw(step.raw)}${step.force ? ", OVERWRITING the target (-F)" : ""}`,
        destructive: step.force,
      };
    case "incremental": {
      const from = `${step.from.kind === "bookmark" ? "#" : "@"}${step.from.name}`;
      const flag = step.intermediates ? "-I" : "-i";
      return {
        text: `incremental ${flag} ${from} → @${incrementalEnd(step).name}${raw(step.raw)}: ${snapshotListText(step.snapshots)}`,
        destructive: false,
      };
    }
  }
}

/** Debug detail of a step: every snapshot with its guid. */
export function stepDetail(step: PlanStep): string {
  switch (step.kind) {
    case "full":
    case "resume":
      return withGuids([step.snapshot]);
    case "incremental":
      return `from ${step.from.name} (guid ${step.from.guid}): ${withGuids(step.snapshots)}`;
    case "rollback":
      return `to ${step.to.name} (guid ${step.to.guid}), destroying ${withGuids(step.destroys) || "no snapshots"}`;
    default:
      return "";
  }
}

const withGuids = (snapshots: readonly Snapshot[]) => snapshotListText(snapshots, { guids: true });
