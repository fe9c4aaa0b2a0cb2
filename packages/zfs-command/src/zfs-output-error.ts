/**
 * zfs printed something the parsers cannot read (an unexpected zfs version, or
 * a wrapper that writes to stdout). The endpoint turns it into a ZrelayError
 * that names the host and the command.
 */
export class ZfsOutputError extends Error {
  /** 1-based line of the output that could not be read. */
  readonly lineNumber: number;
  readonly line: string;

  constructor(reason: string, lineNumber: number, line: string) {
    super(
      `line ${lineNumber} ${JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)}: ${reason}`,
    );
    this.name = "ZfsOutputError";
    this.lineNumber = lineNumber;
    this.line = line;
  }
}

/** Non-empty lines of a command's output, numbered from 1. */
export function outputLines(output: string): Array<{ readonly text: string; readonly number: number }> {
  const lines: Array<{ readonly text: string; readonly number: number }> = [];
  forEachOutputLine(output, (start, end, number) => lines.push({ text: output.slice(start, end), number }));
  return lines;
}

/**
 * Calls `visit` with the bounds of every non-empty line of `output` (a trailing
 * `\r` left out), numbered from 1: a listing of a million lines is read without
 * an array or a string per line.
 */
export function forEachOutputLine(
  output: string,
  visit: (start: number, end: number, number: number) => void,
): void {
  let start = 0;
  for (let number = 1; start < output.length; number++) {
    const newline = output.indexOf("\n", start);
    const lineEnd = newline === -1 ? output.length : newline;
    const end = lineEnd > start && output.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (end > start) visit(start, end, number);
    start = lineEnd + 1;
  }
}

/**
 * A decimal unsigned 64-bit value (`guid`, `createtxg`) as a bigint. `line` (for
 * the error) may be given as a function, so the million lines that parse need no copy.
 */
export function parseUint64(
  value: string,
  what: string,
  lineNumber: number,
  line: string | (() => string),
): bigint {
  if (!isDecimal(value, 20)) {
    const text = typeof line === "string" ? line : line();
    throw new ZfsOutputError(`${what} ${JSON.stringify(value)} is not a number`, lineNumber, text);
  }
  const parsed = BigInt(value);
  if (parsed > 0xffff_ffff_ffff_ffffn) {
    const text = typeof line === "string" ? line : line();
    throw new ZfsOutputError(`${what} ${value} exceeds 64 bits`, lineNumber, text);
  }
  return parsed;
}

/** 1 to `maxDigits` ASCII digits and nothing else. */
function isDecimal(value: string, maxDigits: number): boolean {
  if (value.length === 0 || value.length > maxDigits) return false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
