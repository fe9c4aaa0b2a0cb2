import { isTransferStep, type RunDataset } from "@zrelay/core";
import { nonRawRefused } from "./raw-push-errors.js";

/**
 * Throws unless every step of `dataset` that moves a stream is raw. The route's own
 * policy never yields anything else, so a non-raw step means a bug somewhere; it
 * is refused before the plan runs, and the source endpoint refusing any non-raw
 * request stays the last line of defence.
 */
export function assertRawSteps(dataset: RunDataset, host: string): void {
  if (dataset.outcome !== "replicate") return;
  for (const step of dataset.steps) {
    if (isTransferStep(step) && step.raw !== true) {
      throw nonRawRefused(`a non-raw ${step.kind} step`, dataset.source, host);
    }
  }
}
