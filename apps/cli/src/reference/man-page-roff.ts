import { Marked } from "marked";
import markedMan from "marked-man";

/** Options of a man page's header and footer. */
export interface ManPageOptions {
  /** Printed in the footer: zrelay's version. */
  readonly version: string;
  /** The header's date; fixed for a reproducible build (SOURCE_DATE_EPOCH otherwise). */
  readonly date?: Date;
}

/** ronn-style markdown (`# name(section) -- description` first) as roff, through marked-man. */
export function manPageRoff(markdown: string, options: ManPageOptions): string {
  const marked = new Marked(markedMan);
  const roff = marked.parse(markdown, {
    // marked-man's own options, beside marked's.
    ...({
      manVersion: options.version,
      manual: "zrelay manual",
      ...(options.date === undefined ? {} : { date: options.date.getTime() }),
    } as object),
    async: false,
  });
  if (typeof roff !== "string") throw new Error("marked-man returned a promise for a synchronous parse");
  // Tables need tbl: the first line asks man to run it.
  return roff.includes(".TS") ? `'\\" t\n${roff}` : roff;
}
