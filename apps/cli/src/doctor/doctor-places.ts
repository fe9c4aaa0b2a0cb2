import { ancestorsOf, mapStrippingPrefix } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";

/**
 * The datasets every target lands in or below: `dest` of a pull, `target-root`
 * of a push (or each stripped root when there is none), `to` of a sync. They
 * need not exist yet; some ancestor must.
 */
export function targetPrefixes(job: JobDefinition): string[] {
  const { mapping } = job;
  if (mapping.kind === "prefix") return [mapping.dest];
  if (mapping.kind === "rename") return [mapping.to];
  if (mapping.targetRoot !== undefined) return [mapping.targetRoot];
  return [...new Set(job.datasets.map((dataset) => mapStrippingPrefix(dataset, mapping.stripPrefix)))];
}

/** `dataset` and its ancestors, deepest first: where to look for the nearest one that exists. */
export function selfAndAncestors(dataset: string): string[] {
  return [dataset, ...ancestorsOf(dataset).reverse()];
}

/** Quotes a word for a shell only when it needs it, so fix lines can be pasted as they are. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
