import type { ReceiveRequest, SendRequest } from "../endpoint/endpoint-port.js";
import { fullName, type Snapshot } from "../model/snapshot.js";
import { incrementalEnd, type PlanStep } from "../planner/plan-types.js";

/** The plan steps that move a stream. */
export type TransferStep = Extract<PlanStep, { kind: "full" | "incremental" | "resume" }>;

/** True for the steps that run a `zfs send | zfs receive`. */
export function isTransferStep(step: PlanStep): step is TransferStep {
  return step.kind === "full" || step.kind === "incremental" || step.kind === "resume";
}

/** The `zfs send` a transfer step asks for. Snapshot names are the source's own. */
export function sendRequestFor(step: TransferStep): SendRequest {
  switch (step.kind) {
    case "full":
      return { snapshot: fullName(step.snapshot), raw: step.raw };
    case "incremental":
      return {
        snapshot: fullName(incrementalEnd(step)),
        from: fullName(step.from),
        intermediates: step.intermediates,
        raw: step.raw,
      };
    case "resume":
      return { snapshot: fullName(step.snapshot), resumeToken: step.token, raw: step.raw };
  }
}

/** The `zfs receive` for a transfer step into `target`. `-F` only where the plan set it. */
export function receiveRequestFor(step: TransferStep, target: string, resumable: boolean): ReceiveRequest {
  return step.kind === "full" && step.force
    ? { dataset: target, resumable, force: true }
    : { dataset: target, resumable };
}

/** Snapshots that exist on the target once the step succeeded, oldest first. */
export function snapshotsBroughtBy(step: PlanStep): readonly Snapshot[] {
  switch (step.kind) {
    case "full":
    case "resume":
      return [step.snapshot];
    case "incremental":
      return step.snapshots;
    default:
      return [];
  }
}
