import type { JobDefinition } from "../job/job-definition.js";
import { type JobWait, jobWaits, waitCycle } from "../job/job-order.js";
import { closestKey } from "./config-keys.js";
import { type ConfigEntry, type ConfigReader, listItems, mapEntries, scalarValue } from "./config-nodes.js";

/** `after: [pull-a, pull-b]`: the names of jobs this one starts after; undefined after an issue. */
export function readAfter(entry: ConfigEntry, reader: ConfigReader): string[] | undefined {
  const items = listItems(entry, reader, "[pull-storage, pull-web]");
  if (items === undefined) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const name = scalarValue(item.node);
    if (typeof name === "string" && name !== "") names.push(name);
    else reader.issues.add(item.offset, item.keyPath, "must be the name of a job of this file");
  }
  return names.length === items.length ? names : undefined;
}

/**
 * Checks what the jobs wait for: every `after:` name is a job of the file and
 * not the job itself, and no jobs wait for each other in a circle (through
 * `after:` or through datasets one job receives and another sends), which no
 * run could ever start.
 */
export function checkJobOrder(
  jobs: readonly { readonly entry: ConfigEntry; readonly job: JobDefinition }[],
  reader: ConfigReader,
): void {
  const names = jobs.map(({ job }) => job.name);
  let namesKnown = true;
  for (const { entry, job } of jobs) {
    if (job.after === undefined) continue;
    const afterEntry = mapEntries(entry, reader, "a map")?.find((candidate) => candidate.key === "after");
    const items = afterEntry === undefined ? [] : (listItems(afterEntry, reader, "[]") ?? []);
    job.after.forEach((name, index) => {
      const at = items[index] ?? entry;
      if (name === job.name) {
        namesKnown = false;
        reader.issues.add(
          at.offset,
          at.keyPath,
          `'${name}' is this job itself; a job cannot wait for itself`,
        );
      } else if (!names.includes(name)) {
        namesKnown = false;
        const guess = closestKey(name, names);
        reader.issues.add(
          at.offset,
          at.keyPath,
          `no job '${name}' in this file${guess === undefined ? "" : ` — did you mean '${guess}'?`}; jobs: ${names.join(", ")}`,
        );
      }
    });
  }
  if (!namesKnown) return;
  const all = jobs.map(({ job }) => job);
  const waits = jobWaits(all);
  const cycle = waitCycle(all, waits);
  if (cycle === undefined) return;
  const first = jobs.find(({ job }) => job.name === cycle[0]);
  if (first === undefined) return;
  const steps = cycle.slice(0, -1).map((name, index) => {
    const feeder = cycle[index + 1] ?? "";
    return `${name} waits for ${feeder} ${because(waits.get(name)?.find((wait) => wait.feeder === feeder))}`;
  });
  reader.issues.add(
    first.entry.keyOffset,
    first.entry.keyPath,
    `jobs ${cycle.join(" → ")} wait for each other in a circle, so none of them could start: ` +
      `${steps.join("; ")}. Drop an after: entry, or give one of them datasets the other does not write`,
  );
}

function because(wait: JobWait | undefined): string {
  if (wait?.reason === "after") return "(its after: says so)";
  return `(it sends from ${wait?.tree ?? "a tree"} that ${wait?.feeder ?? "the other"} receives into)`;
}
