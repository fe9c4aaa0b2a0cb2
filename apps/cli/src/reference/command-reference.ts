import { type Command, CommanderError } from "commander";
import { commandExamples } from "../cli/command-help.js";
import { type CommandHandlers, defineProgram } from "../cli/program-definition.js";

/** One option of a command, as help, the man page and completion describe it. */
export interface OptionEntry {
  /** As declared: `-q, --quiet`, `--host <host>`. */
  readonly flags: string;
  readonly long: string;
  readonly short?: string;
  readonly description: string;
  /** The value's name (`host` for `--host <host>`); absent for a switch. */
  readonly valueName?: string;
  /** The only values it takes (`--ssh-data-path`), for completion. */
  readonly choices?: readonly string[];
  readonly mandatory: boolean;
}

/** One command (`plan pull` for `zrelay plan pull`) with what `--help` prints for it. */
export interface CommandEntry {
  /** Words after `zrelay`; empty for zrelay itself. */
  readonly path: readonly string[];
  readonly description: string;
  /** `[options] <dataset...>` */
  readonly usage: string;
  readonly arguments: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly OptionEntry[];
  readonly subcommands: readonly string[];
  readonly examples: readonly string[];
  /** Exactly what `zrelay <path> --help` prints on stdout. */
  readonly help: string;
}

// defineProgram wants handlers; reading the tree and asking for help never calls them.
const notRun = () => Promise.reject(new Error("not run: the command reference only reads definitions"));
const INERT: CommandHandlers = {
  adhoc: notRun,
  configured: notRun,
  restoreKeys: notRun,
  status: notRun,
  check: notRun,
  snapshot: notRun,
};

/** Every command of zrelay, parents before children, from the commander definitions themselves. */
export function commandReference(version: string): CommandEntry[] {
  const entries: CommandEntry[] = [];
  const visit = (command: Command, path: readonly string[]) => {
    entries.push({
      path,
      description: command.description(),
      usage: command.usage(),
      arguments: command.registeredArguments.map((argument) => ({
        name: argument.name(),
        description: argument.description,
      })),
      options: [...command.options.filter((option) => !option.hidden).map(optionEntry), HELP_OPTION],
      subcommands: command.commands.map((sub) => sub.name()),
      examples: commandExamples(path.join(" ") || "zrelay"),
      help: helpOf(path, version),
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(
    defineProgram(INERT, { writeOut: () => {}, writeErr: () => {} }, () => {}, version),
    [],
  );
  return entries;
}

// commander adds -h/--help to every command outside `options`.
const HELP_OPTION: OptionEntry = {
  flags: "-h, --help",
  long: "--help",
  short: "-h",
  description: "display help for command",
  mandatory: false,
};

function optionEntry(option: Command["options"][number]): OptionEntry {
  const value = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    flags: option.flags,
    long: option.long ?? option.flags,
    ...(option.short === undefined ? {} : { short: option.short }),
    description: option.description,
    ...(value === undefined ? {} : { valueName: value }),
    ...(option.argChoices === undefined ? {} : { choices: option.argChoices }),
    mandatory: option.mandatory,
  };
}

/** What `zrelay <path> --help` prints, captured from commander itself on a fresh tree. */
function helpOf(path: readonly string[], version: string): string {
  let text = "";
  const program = defineProgram(
    INERT,
    { writeOut: (chunk) => (text += chunk), writeErr: () => {} },
    () => {},
    version,
  );
  try {
    program.parse([...path, "--help"], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError) || error.exitCode !== 0) throw error;
  }
  return text;
}
