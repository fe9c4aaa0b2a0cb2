import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { type NameViolation, quoteName } from "./name-violation.js";
import { findNameViolation } from "./zfs-name-rules.js";

export interface DatasetName {
  readonly kind: "dataset";
  readonly dataset: string;
}

export interface SnapshotName {
  readonly kind: "snapshot";
  /** Dataset before the `@`: `tank/data`. */
  readonly dataset: string;
  /** Short name after the `@`: `daily-1`. */
  readonly name: string;
}

export interface BookmarkName {
  readonly kind: "bookmark";
  /** Dataset before the `#`. */
  readonly dataset: string;
  /** Short name after the `#`. */
  readonly name: string;
}

/** A valid dataset, snapshot or bookmark name, split at its `@` or `#`. */
export type ZfsName = DatasetName | SnapshotName | BookmarkName;

export type ZfsNameKind = ZfsName["kind"];

/** Where a name came from, so an invalid one can be traced back by the user. */
export interface NameCheckContext {
  /** Host the name belongs to (`backup@host-storage`), named in the error. */
  readonly host?: string;
  /** Where the name was written (`--dest`, `roots[2] in zrelay.json`), named in the error. */
  readonly origin?: string;
}

function invalidName(
  input: string,
  expected: ZfsNameKind | undefined,
  violation: NameViolation,
  context: NameCheckContext,
): ZrelayError {
  const where = `${context.origin === undefined ? "" : ` (from ${context.origin})`}${
    context.host === undefined ? "" : ` on ${context.host}`
  }`;
  return new ZrelayError(
    ErrorCode.INVALID_NAME,
    `Invalid ${expected ?? "ZFS"} name ${quoteName(input)}${where}: ${violation.rule}.`,
    { dataset: typeof input === "string" ? input : undefined, host: context.host, hint: violation.hint },
  );
}

function split(input: string): ZfsName {
  const at = input.search(/[@#]/);
  if (at === -1) return { kind: "dataset", dataset: input };
  const dataset = input.slice(0, at);
  const name = input.slice(at + 1);
  return input.charAt(at) === "@" ? { kind: "snapshot", dataset, name } : { kind: "bookmark", dataset, name };
}

/**
 * Parses any dataset (`tank/data`), snapshot (`tank/data@daily`) or bookmark
 * (`tank/data#daily`) name by OpenZFS's rules; throws ZrelayError INVALID_NAME.
 */
export function parseZfsName(input: string, context: NameCheckContext = {}): ZfsName {
  const violation = findNameViolation(input);
  if (violation !== undefined) throw invalidName(input, undefined, violation, context);
  return split(input);
}

function parseKind<K extends ZfsNameKind>(
  input: string,
  expected: K,
  context: NameCheckContext,
): Extract<ZfsName, { kind: K }> {
  const violation = findNameViolation(input);
  if (violation !== undefined) throw invalidName(input, expected, violation, context);
  const parsed = split(input);
  if (parsed.kind !== expected) throw invalidName(input, expected, wrongKind(parsed, expected), context);
  return parsed as Extract<ZfsName, { kind: K }>;
}

function wrongKind(parsed: ZfsName, expected: ZfsNameKind): NameViolation {
  const separator = expected === "snapshot" ? "@" : "#";
  const rule = `is a ${parsed.kind} name, not a ${expected} name`;
  if (parsed.kind === "dataset") {
    return { rule, hint: `Add the ${expected} after "${separator}": ${parsed.dataset}${separator}name.` };
  }
  if (expected === "dataset") return { rule, hint: `Use the dataset alone: ${parsed.dataset}.` };
  return {
    rule,
    hint: `Write ${expected}s with "${separator}": ${parsed.dataset}${separator}${parsed.name}.`,
  };
}

/** Returns `input` when it is a valid dataset name (no `@`/`#`); throws INVALID_NAME otherwise. */
export function parseDatasetName(input: string, context: NameCheckContext = {}): string {
  return parseKind(input, "dataset", context).dataset;
}

/** Splits a valid `dataset@name`; throws INVALID_NAME otherwise. */
export function parseSnapshotName(input: string, context: NameCheckContext = {}): SnapshotName {
  return parseKind(input, "snapshot", context);
}

/** Splits a valid `dataset#name`; throws INVALID_NAME otherwise. */
export function parseBookmarkName(input: string, context: NameCheckContext = {}): BookmarkName {
  return parseKind(input, "bookmark", context);
}

/** Throws INVALID_NAME unless `input` is a valid dataset name. */
export function assertDatasetName(input: string, context: NameCheckContext = {}): void {
  parseKind(input, "dataset", context);
}

export function isValidDatasetName(input: string): boolean {
  return findNameViolation(input) === undefined && !/[@#]/.test(input);
}

export function isValidZfsName(input: string): boolean {
  return findNameViolation(input) === undefined;
}

/** The name back as ZFS prints it; `formatZfsName(parseZfsName(x)) === x`. */
export function formatZfsName(name: ZfsName): string {
  if (name.kind === "dataset") return name.dataset;
  return `${name.dataset}${name.kind === "snapshot" ? "@" : "#"}${name.name}`;
}
