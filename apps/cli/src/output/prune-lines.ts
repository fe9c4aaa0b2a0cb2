import { keepCountsText } from "@zrelay/core";
import type { SidePrune } from "../prune/side-prune.js";
import { countOf } from "./format-units.js";
import type { StepLine } from "./plan-lines.js";
import type { RunMode } from "./run-reporter.js";

/**
 * What retention does to one dataset, as lines: a head line, then in plan mode one
 * DESTROY line per snapshot with its reason (destructive: bold, like a rollback).
 */
export function pruneLines(prune: SidePrune, mode: RunMode): StepLine[] {
  const { plan } = prune;
  const count = plan.destroy.length;
  const where = `${prune.side} ${prune.dataset} on ${prune.host}`;
  const rules = `keep ${keepCountsText(prune.rules.keep)}; match ${prune.rules.match.join(", ")}`;
  if (mode === "run") {
    if (count === 0)
      return [
        {
          text: `prune ${where}: nothing to destroy, ${countOf(plan.keep.length, "snapshot")} kept`,
          destructive: false,
        },
      ];
    const names = plan.destroy.map((d) => `@${d.snapshot.name}`).join(", ");
    return [
      { text: `prune ${where}: destroyed ${countOf(count, "snapshot")} (${names})`, destructive: false },
    ];
  }
  if (count === 0)
    return [
      {
        text: `prune ${where}: nothing to destroy, ${countOf(plan.keep.length, "snapshot")} kept (${rules})`,
        destructive: false,
      },
    ];
  const after = prune.side === "source" ? ", once it replicated" : "";
  return [
    {
      text: `prune ${where}${after}: destroy ${count} of ${countOf(count + plan.keep.length, "snapshot")} (${rules})`,
      destructive: false,
    },
    ...plan.destroy.map((d) => ({ text: `  DESTROY @${d.snapshot.name}: ${d.reason}`, destructive: true })),
  ];
}

/** Debug detail: why each kept snapshot stays. */
export function pruneKeptLines(prune: SidePrune): string[] {
  return prune.plan.keep.map((d) => `${prune.dataset}: keep @${d.snapshot.name}: ${d.reason}`);
}
