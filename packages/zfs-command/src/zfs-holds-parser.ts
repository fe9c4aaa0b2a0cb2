import { outputLines, ZfsOutputError } from "./zfs-output-error.js";

/**
 * Reads `zfs holds -H SNAP`: `SNAP<TAB>TAG<TAB>DATE` a line. Returns the tags in
 * the order printed. A tag may itself contain a tab, so the tag is everything
 * between the first and the last tab.
 */
export function parseHoldTags(stdout: string): string[] {
  return outputLines(stdout).map(({ text, number }) => {
    const first = text.indexOf("\t");
    const last = text.lastIndexOf("\t");
    if (first === -1 || last === first)
      throw new ZfsOutputError("expected snapshot, tag and date separated by tabs", number, text);
    return text.slice(first + 1, last);
  });
}
