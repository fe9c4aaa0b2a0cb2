import { emulatorErrors } from "./emulator-errors.js";

/** What a subcommand accepts, in getopt terms. */
export interface OptionSpec {
  /** Letters that take no argument: `"Hpr"`. */
  readonly flags: string;
  /** Letters that take one (`-o a,b`, `-oa,b`); repeatable, every value kept. */
  readonly values?: string;
  /** The subcommand's usage text, printed after a mistake. */
  readonly usage: string | undefined;
}

/** Parsed command line of one subcommand. */
export interface ParsedOptions {
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly operands: readonly string[];
}

/**
 * getopt(3) as glibc does it for zfs: combined flags (`-Hp`), values attached
 * or separate, options anywhere among the operands, `--` ends them. Mistakes
 * are the usage errors zfs prints (`invalid option 'q'`, exit 2).
 */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      operands.push(arg);
      continue;
    }
    for (let at = 1; at < arg.length; at++) {
      const letter = arg.charAt(at);
      if (spec.flags.includes(letter)) {
        flags.add(letter);
        continue;
      }
      if (!(spec.values ?? "").includes(letter) || letter === "-") {
        throw emulatorErrors.usage(`invalid option '${letter}'`, spec.usage);
      }
      const attached = arg.slice(at + 1);
      const value = attached !== "" ? attached : args[++index];
      if (value === undefined)
        throw emulatorErrors.usage(`missing argument for '${letter}' option`, spec.usage);
      values.set(letter, [...(values.get(letter) ?? []), value]);
      break;
    }
  }
  return { flags, values, operands };
}

/** The last value given for an option, or undefined. */
export function lastValue(options: ParsedOptions, letter: string): string | undefined {
  return options.values.get(letter)?.at(-1);
}

/** Every comma-separated item of every value of an option: `-o a,b -o c` → a, b, c. */
export function listValue(options: ParsedOptions, letter: string): string[] | undefined {
  const given = options.values.get(letter);
  return given?.flatMap((value) => value.split(",")).filter((item) => item !== "");
}

/** `-o name=value` pairs, in order; a value may itself contain `=`. */
export function propertyAssignments(
  items: readonly string[],
  usage: string | undefined,
): Array<readonly [string, string]> {
  return items.map((item) => {
    const equals = item.indexOf("=");
    if (equals <= 0) throw emulatorErrors.usage("missing '=' for property=value argument", usage);
    return [item.slice(0, equals), item.slice(equals + 1)] as const;
  });
}
