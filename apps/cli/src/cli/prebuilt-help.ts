import { readFileSync } from "node:fs";

// Set by the release bundle (packaging/bundle.mjs): the pages, built from the commander
// definitions, inside the one file.
declare const __ZRELAY_HELP_PAGES__: Readonly<Record<string, string>> | undefined;

/**
 * What `--help` prints for a command path (`"plan pull"`; `""` for zrelay itself),
 * built ahead from the commander definitions: `npm run build` writes
 * dist/help-pages.json, the release bundle carries them. Printing a page loads
 * neither commander nor the app, so help starts as fast as `--version`.
 * Undefined where no pages were built (tests running src/): commander prints help then.
 */
export function prebuiltHelpPages(): Readonly<Record<string, string>> | undefined {
  if (typeof __ZRELAY_HELP_PAGES__ === "object") return __ZRELAY_HELP_PAGES__;
  try {
    // One level up from dist/cli/ (and from src/cli/, where none is built).
    return JSON.parse(readFileSync(new URL("../help-pages.json", import.meta.url), "utf8")) as Record<
      string,
      string
    >;
  } catch {
    return undefined;
  }
}

/**
 * The page a command line asks for, when it asks for nothing but help: `--help`,
 * `help`, `help pull`, `pull --help`, `plan pull -h`. Anything else (other options, an
 * unknown command) is left to commander, which prints the same pages or the error.
 */
export function requestedHelpPage(
  argv: readonly string[],
  pages: Readonly<Record<string, string>>,
): string | undefined {
  const last = argv.at(-1);
  let path: string | undefined;
  if (last === "--help" || last === "-h") path = argv.slice(0, -1).join(" ");
  // commander's help command takes one command name.
  else if (argv[0] === "help" && argv.length <= 2) path = argv[1] ?? "";
  return path !== undefined && Object.hasOwn(pages, path) ? pages[path] : undefined;
}
