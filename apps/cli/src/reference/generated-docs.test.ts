import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { defineProgram } from "../cli/program-definition.js";
import { DEFAULTS_KEYS, HOST_KEYS, JOB_KINDS, jobKeys, TOP_LEVEL_KEYS } from "../config/config-keys.js";
import { type CommandEntry, commandReference } from "./command-reference.js";
import { configKeySections } from "./config-reference.js";
import { manPageRoff } from "./man-page-roff.js";
import { configManMarkdown, zrelayManMarkdown } from "./man-pages.js";
import { bashCompletion, zshCompletion } from "./shell-completion.js";

const CONFIG_DOC = readFileSync(
  fileURLToPath(new URL("../../../../docs/config.md", import.meta.url)),
  "utf8",
);
const DATE = new Date("2026-01-01T00:00:00Z");
const reference = commandReference("9.9.9");

/** Every command path and its long options, walked from the live commander tree itself. */
function liveCommands(): { path: string; options: string[] }[] {
  const never = () => Promise.reject(new Error("not run"));
  const program = defineProgram(
    { adhoc: never, configured: never, restoreKeys: never, status: never, check: never, snapshot: never },
    { writeOut: () => {}, writeErr: () => {} },
    () => {},
    "9.9.9",
  );
  const out: { path: string; options: string[] }[] = [];
  const visit = (command: Command, path: string[]) => {
    out.push({
      path: path.join(" "),
      options: [...command.options.map((option) => option.long ?? ""), "--help"],
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return out;
}

/** roff as text: no font changes, no escaped hyphens and dots. */
function plain(roff: string): string {
  return roff
    .replace(/\\f[BIRP]/g, "")
    .replace(/\\([-.])/g, "$1")
    .replace(/^\.br\n/gm, "");
}

/** What zrelay(1) lacks: `<path>: <option>` for each option not in its command's section. */
function missingFromManPage(page: string): string[] {
  const sections = plain(page).split(/^\.S[HS] /m);
  return liveCommands().flatMap(({ path, options }) => {
    const section =
      path === ""
        ? sections.find((text) => text.startsWith("OPTIONS"))
        : sections.find((text) => text.startsWith(`zrelay ${path} `));
    if (section === undefined) return [`${path}: the whole command`];
    return options
      .filter((option) => !new RegExp(`^${option}\\b`, "m").test(section.replace(/^-\w, /gm, "")))
      .map((option) => `${path}: ${option}`);
  });
}

/** What the bash completion offers after `zrelay WORDS…` with the cursor on `current`. */
function bashCompletes(script: string, words: string[], current: string): string[] {
  const line = ["zrelay", ...words, current];
  const program = `${script}
COMP_WORDS=(${line.map((word) => `'${word}'`).join(" ")}); COMP_CWORD=${line.length - 1}; _zrelay; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", program], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("zrelay(1), generated from the commander definitions", () => {
  const page = manPageRoff(zrelayManMarkdown(reference), { version: "9.9.9", date: DATE });

  it("has every command and every option of each in that command's section", () => {
    expect(liveCommands().map(({ path }) => path)).toContain("plan pull");
    expect(missingFromManPage(page)).toEqual([]);
  });

  it("the check fails for a page that lost an option", () => {
    const lost = reference.map((entry) =>
      entry.path.join(" ") === "push"
        ? { ...entry, options: entry.options.filter((o) => o.long !== "--strip-prefix") }
        : entry,
    );
    const stale = manPageRoff(zrelayManMarkdown(lost), { version: "9.9.9", date: DATE });
    expect(missingFromManPage(stale)).toEqual(["push: --strip-prefix"]);
  });

  it("lists the exit statuses of exit-codes.ts, the examples help prints, and its version", () => {
    const text = plain(page);
    expect(text).toMatch(/^\.TH "ZRELAY" "1" "January 2026" "9\.9\.9" "zrelay manual"$/m);
    expect(text).toContain("130:\nstopped by SIGINT");
    expect(text).toContain("3:\nanother zrelay run holds the lock");
    expect(text).toContain("zrelay run --quiet --config /etc/zrelay/zrelay.yaml");
  });
});

describe("zrelay.yaml(5), generated from the config loader's key lists and docs/config.md", () => {
  const page = plain(
    manPageRoff(configManMarkdown(configKeySections(), CONFIG_DOC), { version: "9.9.9", date: DATE }),
  );
  const everyKey = [
    ...new Set([
      ...TOP_LEVEL_KEYS,
      ...DEFAULTS_KEYS,
      ...HOST_KEYS,
      ...JOB_KINDS.flatMap((kind) => jobKeys(kind)),
    ]),
  ];

  it("lists each place's keys exactly as the loader accepts them", () => {
    for (const kind of JOB_KINDS) {
      expect(page).toContain(`jobs.NAME, kind: ${kind}:\n${jobKeys(kind).join(", ")}`);
    }
    expect(page).toContain(`source: and target: (the long form of a host):\n${HOST_KEYS.join(", ")}`);
  });

  it("describes every key the loader accepts (a row of a key table in docs/config.md)", () => {
    const documented = (key: string) => key === "kind" || CONFIG_DOC.includes(`| \`${key}\``);
    expect(everyKey.filter((key) => !documented(key))).toEqual([]);
    expect(page).toContain("Permissions a non-root user needs");
  });
});

describe("shell completion, generated from the commander definitions", () => {
  const bash = bashCompletion(reference);

  it("bash completes every option of every command, and the subcommands", () => {
    for (const { path, options } of liveCommands()) {
      const offered = bashCompletes(bash, path === "" ? [] : path.split(" "), "--");
      expect({ path, missing: options.filter((option) => !offered.includes(option)) }).toEqual({
        path,
        missing: [],
      });
    }
    expect(bashCompletes(bash, [], "p")).toEqual(["pull", "push", "plan"]);
    expect(bashCompletes(bash, ["plan", "--json"], "pu")).toEqual(["pull", "push"]);
    expect(bashCompletes(bash, ["help"], "re")).toEqual(["restore-keys"]);
  });

  it("bash completes option values: choices, and nothing for a number", () => {
    expect(bashCompletes(bash, ["pull", "--ssh-data-path"], "")).toEqual(["openssh", "ssh2"]);
    expect(bashCompletes(bash, ["pull", "--jobs"], "")).toEqual([]);
  });

  it("zsh has every option of every command in that command's case", () => {
    const zsh = zshCompletion(reference);
    for (const { path, options } of liveCommands()) {
      const start = zsh.indexOf(`    '${path.replace(/ /g, "/")}')\n`);
      const block = zsh.slice(start, zsh.indexOf(";;", start));
      expect({
        path,
        start: start >= 0,
        missing: options.filter((option) => !block.includes(`${option}[`)),
      }).toEqual({
        path,
        start: true,
        missing: [],
      });
    }
    expect(zsh).toContain("'--ssh-data-path[");
    expect(zsh).toContain(":path:(openssh ssh2)'");
  });
});

/** What the zsh completion hands zsh after `zrelay WORDS…`: `_describe`'s entries or `_arguments`' specs. */
function zshCompletes(script: string, words: string[]): string[] {
  const line = ["zrelay", ...words];
  // Stand-ins for zsh's completion functions print what they were given.
  const program = `_describe() { print -rl -- "\${(@P)4}"; }
_arguments() { print -rl -- "$@"; }
_hosts() {}; _files() {}
words=(${line.map((word) => `'${word}'`).join(" ")}); CURRENT=${line.length}
${script}`;
  return execFileSync("zsh", ["-f", "-c", program], { encoding: "utf8" }).split("\n").filter(Boolean);
}

const zshMissing = spawnSync("zsh", ["-fc", "true"]).status !== 0;

describe.skipIf(zshMissing)("zsh completion, run in zsh", () => {
  const zsh = zshCompletion(reference);

  it("offers the subcommands with their descriptions", () => {
    expect(zshCompletes(zsh, ["p"]).filter((entry) => entry.startsWith("p"))).toEqual([
      expect.stringMatching(/^pull:pull DATASETs/),
      expect.stringMatching(/^push:push DATASETs/),
      expect.stringMatching(/^plan:print every step/),
    ]);
    // zsh itself narrows them to the typed prefix.
    expect(zshCompletes(zsh, ["plan", "--json", "p"]).map((entry) => entry.split(":")[0])).toEqual([
      "pull",
      "push",
      "sync",
    ]);
  });

  it("hands _arguments every option of the command the words name", () => {
    for (const { path, options } of liveCommands()) {
      const specs = zshCompletes(zsh, [...(path === "" ? [] : path.split(" ")), "--"]);
      const named = specs.map((spec) => spec.replace(/^\([^)]*\)/, "").replace(/\[.*$/s, ""));
      expect({ path, missing: options.filter((option) => !named.includes(option)) }).toEqual({
        path,
        missing: [],
      });
    }
    expect(zshCompletes(zsh, ["pull", "--"])).toContain(
      "--ssh-data-path[send/receive streams through the ssh client (openssh, the default when installed) or zrelay's own connection (ssh2)]:path:(openssh ssh2)",
    );
  });
});

describe("the help pages built ahead for a fast --help", () => {
  it("are what commander prints, and say the examples and exit statuses", () => {
    const pull = reference.find((entry: CommandEntry) => entry.path.join(" ") === "pull");
    expect(pull?.help).toMatch(/^Usage: zrelay pull \[options\] <dataset\.\.\.>\n/);
    expect(pull?.help).toContain("\nExamples:\n  zrelay pull --host backup@host-storage");
    expect(pull?.help).toContain("\nExit status:\n  0   every dataset replicated");
  });
});
