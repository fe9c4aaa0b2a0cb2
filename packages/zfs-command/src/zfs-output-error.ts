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
  return output
    .split("\n")
    .map((text, index) => ({ text: text.endsWith("\r") ? text.slice(0, -1) : text, number: index + 1 }))
    .filter((line) => line.text !== "");
}

/** A decimal unsigned 64-bit value (`guid`, `createtxg`) as a bigint. */
export function parseUint64(value: string, what: string, lineNumber: number, line: string): bigint {
  if (!/^\d{1,20}$/.test(value))
    throw new ZfsOutputError(`${what} ${JSON.stringify(value)} is not a number`, lineNumber, line);
  const parsed = BigInt(value);
  if (parsed > 0xffff_ffff_ffff_ffffn)
    throw new ZfsOutputError(`${what} ${value} exceeds 64 bits`, lineNumber, line);
  return parsed;
}
