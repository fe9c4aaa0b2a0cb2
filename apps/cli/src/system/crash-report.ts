import { bugLine } from "../cli/exit-codes.js";
import { ERROR_PREFIX } from "../output/output-tiers.js";

/**
 * The end of a run that threw something no handler expected: one `🚨` line
 * saying it is a bug and where to report it; the stack only with `--debug`,
 * indented below it on stderr (stdout may be what broke).
 */
export function reportCrash(error: unknown, stderr: NodeJS.WritableStream, debug: boolean): void {
  const stack = debug && error instanceof Error && error.stack !== undefined ? error.stack.split("\n") : [];
  const lines = [`${ERROR_PREFIX}${bugLine(error)}`, ...stack.map((line) => `    ${line.trim()}`)];
  stderr.write(`${lines.join("\n")}\n`);
}
