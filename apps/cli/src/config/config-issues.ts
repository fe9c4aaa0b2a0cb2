import { ErrorCode, ZrelayError } from "@zrelay/core";
import type { LineCounter } from "yaml";

/** One problem in a config file, at a place the user can go to. */
export interface ConfigIssue {
  /** 1-based line of the offending key or value. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Where in the document: `jobs.pull-storage.datasets[1]`; empty for the file as a whole. */
  readonly keyPath: string;
  /** What is wrong and what is allowed instead. */
  readonly message: string;
}

/** `FILE:LINE:COLUMN: KEY: message` — the form editors and grep understand. */
export function formatConfigIssue(path: string, issue: ConfigIssue): string {
  const where = `${path}:${issue.line}:${issue.column}`;
  return issue.keyPath === "" ? `${where}: ${issue.message}` : `${where}: ${issue.keyPath}: ${issue.message}`;
}

/**
 * Every problem found in one config file, reported together (one per line) so a
 * user fixes them in one go instead of one run at a time.
 */
export class ConfigFileError extends ZrelayError {
  readonly path: string;
  readonly issues: readonly ConfigIssue[];

  constructor(path: string, issues: readonly ConfigIssue[]) {
    super(ErrorCode.USAGE, issues.map((issue) => formatConfigIssue(path, issue)).join("\n"), {
      hint: `Fix ${path} and run zrelay again; man 5 zrelay.yaml describes every key.`,
    });
    this.name = "ConfigFileError";
    this.path = path;
    this.issues = issues;
  }
}

/** Collects issues while a file is checked; turns yaml offsets into lines and columns. */
export class ConfigIssueList {
  readonly #lineCounter: LineCounter;
  readonly #issues: ConfigIssue[] = [];

  constructor(lineCounter: LineCounter) {
    this.#lineCounter = lineCounter;
  }

  /** Records a problem at character `offset` of the file. */
  add(offset: number, keyPath: string, message: string): void {
    const { line, col } = this.#lineCounter.linePos(offset);
    this.#issues.push({ line, column: col, keyPath, message });
  }

  get count(): number {
    return this.#issues.length;
  }

  /** In file order, so the message reads top to bottom like the file. */
  sorted(): ConfigIssue[] {
    return [...this.#issues].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}
