// dist/help-pages.json: what `--help` prints for every command, captured from the
// commander definitions just built, so `zrelay --help` prints it without loading them
// (src/cli/prebuilt-help.ts). Part of `npm run build`.
import { writeFileSync } from "node:fs";
import { commandReference } from "../dist/reference/command-reference.js";
import { cliVersion } from "../dist/system/cli-version.js";

const pages = Object.fromEntries(
  commandReference(cliVersion()).map((entry) => [entry.path.join(" "), entry.help]),
);
writeFileSync(new URL("../dist/help-pages.json", import.meta.url), `${JSON.stringify(pages)}\n`);
