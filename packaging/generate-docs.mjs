// The man pages and shell completion, generated from the built CLI's own definitions
// (apps/cli/dist/reference/): commander's command tree, the config loader's key lists,
// docs/config.md and exit-codes.ts. `npm run build` first. Writes, under the directory
// given (release/share by default), the layout /usr/share has:
//   man/man1/zrelay.1  man/man5/zrelay.yaml.5
//   bash-completion/completions/zrelay  zsh/vendor-completions/_zrelay
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { commandReference } from "../apps/cli/dist/reference/command-reference.js";
import { configKeySections } from "../apps/cli/dist/reference/config-reference.js";
import { manPageRoff } from "../apps/cli/dist/reference/man-page-roff.js";
import { configManMarkdown, zrelayManMarkdown } from "../apps/cli/dist/reference/man-pages.js";
import { bashCompletion, zshCompletion } from "../apps/cli/dist/reference/shell-completion.js";
import { cliVersion } from "../apps/cli/dist/system/cli-version.js";

const repo = fileURLToPath(new URL("..", import.meta.url));

/** Writes the pages and scripts under `share`; returns the files written, relative to it. */
export function generateDocs(share) {
  const version = cliVersion();
  const reference = commandReference(version);
  // The date of the last commit, not now: the same checkout builds the same pages.
  const date = commitDate();
  const files = {
    "man/man1/zrelay.1": manPageRoff(zrelayManMarkdown(reference), { version, date }),
    "man/man5/zrelay.yaml.5": manPageRoff(
      configManMarkdown(configKeySections(), readFileSync(`${repo}docs/config.md`, "utf8")),
      { version, date },
    ),
    "bash-completion/completions/zrelay": bashCompletion(reference),
    "zsh/vendor-completions/_zrelay": zshCompletion(reference),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(`${share}/${path}`), { recursive: true });
    writeFileSync(`${share}/${path}`, text);
  }
  return Object.keys(files);
}

function commitDate() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the reproducible-builds convention, read by a plain script
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined) return new Date(Number(epoch) * 1000);
  try {
    const seconds = execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: repo, encoding: "utf8" });
    return new Date(Number(seconds.trim()) * 1000);
  } catch {
    return new Date(); // not a git checkout
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const share = process.argv[2] ?? `${repo}release/share`;
  for (const file of generateDocs(share)) console.log(`${share}/${file}`);
}
