import { EXIT_CODE_MEANINGS } from "../cli/exit-codes.js";
import { DEFAULT_CONFIG_PATH } from "../config/index.js";
import type { CommandEntry, OptionEntry } from "./command-reference.js";
import type { ConfigKeySection } from "./config-reference.js";

/**
 * zrelay(1) in ronn's markdown (what marked-man turns into roff): every command with
 * its arguments and options, read from the commander definitions, the examples help
 * prints, and the exit statuses of exit-codes.ts.
 */
export function zrelayManMarkdown(reference: readonly CommandEntry[]): string {
  const root = reference.find((entry) => entry.path.length === 0);
  if (root === undefined) throw new Error("the command reference has no zrelay root command");
  const commands = reference.filter((entry) => entry.path.length > 0);
  return [
    `# zrelay(1) -- ${literal(root.description)}`,
    "## SYNOPSIS",
    commands.map((entry) => `\`zrelay ${entry.path.join(" ")}\` ${literal(entry.usage)}`).join("\n"),
    "## DESCRIPTION",
    "zrelay replicates ZFS datasets with their snapshots, one dataset at a time, matching snapshots by guid: " +
      "it pulls from many hosts over SSH onto a backup pool and pushes those backups, still raw-encrypted, offsite. " +
      "It never rolls back, overwrites or destroys target data unless an option asks for it and the plan shows it. " +
      "Lines starting with `*` are information, `ℹ️` debug (`--debug`), `🚨` errors (on stderr); " +
      "with `--quiet` a successful run prints nothing, for cron.",
    "## OPTIONS",
    optionList(root.options),
    "## COMMANDS",
    ...commands.flatMap(commandSection),
    "## EXAMPLES",
    codeBlock(root.examples),
    "## EXIT STATUS",
    EXIT_CODE_MEANINGS.map(([code, meaning]) => `* \`${code}\`:\n  ${literal(meaning)}`).join("\n\n"),
    "## FILES",
    [
      `* \`${DEFAULT_CONFIG_PATH}\`:\n  the jobs of \`zrelay run\`, \`plan\` and \`doctor\`; see zrelay.yaml(5).`,
      "* `/run/zrelay`:\n  the locks of running jobs and targets (`ZRELAY_LOCK_DIR` overrides it).",
      "* `/lib/systemd/system/zrelay.service`, `zrelay.timer`:\n  the nightly `zrelay run --quiet` as the backup user.",
    ].join("\n\n"),
    "## SEE ALSO",
    "zrelay.yaml(5), zfs(8), zfs-allow(8), ssh(1), ssh_config(5)",
  ].join("\n\n");
}

/**
 * zrelay.yaml(5): the keys the loader accepts at each place (its own lists), then the
 * config documentation itself (docs/config.md, whose first heading is replaced).
 */
export function configManMarkdown(sections: readonly ConfigKeySection[], configDoc: string): string {
  const body = configDoc.replace(/^# .*\n/, "");
  return [
    "# zrelay.yaml(5) -- the zrelay config file",
    "## SYNOPSIS",
    `\`${DEFAULT_CONFIG_PATH}\`, or the file given to \`zrelay run\`, \`plan\` and \`doctor\` with \`--config FILE\``,
    "## KEYS",
    sections
      .map(({ place, keys }) => `* ${literal(place)}:\n  ${keys.map((key) => `\`${key}\``).join(", ")}`)
      .join("\n\n"),
    body.trim(),
    "## SEE ALSO",
    "zrelay(1)",
  ].join("\n\n");
}

function commandSection(entry: CommandEntry): string[] {
  const parts = [`### zrelay ${entry.path.join(" ")} ${literal(entry.usage)}`, literal(entry.description)];
  if (entry.arguments.length > 0) {
    parts.push(
      entry.arguments
        .map((argument) => `* \`${argument.name}\`:\n  ${literal(argument.description)}`)
        .join("\n\n"),
    );
  }
  parts.push(optionList(entry.options));
  if (entry.examples.length > 0) parts.push(codeBlock(entry.examples));
  if (entry.subcommands.length > 0) {
    parts.push(
      `Commands: ${entry.subcommands.map((name) => `\`${entry.path.join(" ")} ${name}\``).join(", ")}.`,
    );
  }
  return parts;
}

function optionList(options: readonly OptionEntry[]): string {
  return options
    .map((option) => {
      const choices = option.choices === undefined ? "" : ` (one of: ${option.choices.join(", ")})`;
      return `* \`${option.flags}\`:\n  ${literal(option.description)}${choices}`;
    })
    .join("\n\n");
}

function codeBlock(lines: readonly string[]): string {
  return ["```", ...lines, "```"].join("\n");
}

/** Text from the definitions, taken literally by markdown (globs, <values>, [user@]host). */
function literal(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (character) => `\\${character}`);
}
