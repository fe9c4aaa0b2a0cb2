import type { ErrorCode, ZfsFailureHint } from "@zrelay/core";

/** How a FakeZfsError was raised; everything a `zfs` emulator needs to print and exit. */
export interface FakeZfsErrorOptions {
  /** `zfs` exits 2 when it also printed its usage text, 255 where it returns libzfs's -1 (`send -t`), else 1. */
  readonly exitStatus?: 1 | 2 | 255;
  /** Dataset, snapshot or bookmark the failure is about. */
  readonly dataset?: string;
  /** The same command may succeed later (an interrupted stream). */
  readonly retryable?: boolean;
  /** The hint case where the code alone does not tell it (see fake/zfs-error-mapping.ts). */
  readonly hint?: ZfsFailureHint;
  /** Short name of the dataset's most recent snapshot, for a hint that names it. */
  readonly latestSnapshot?: string;
}

/**
 * A failure of the fake ZFS, carrying the exact text real `zfs` 2.x prints to
 * stderr (`message`, without the final newline) and its exit status, plus the
 * zrelay ErrorCode an adapter would map that text to.
 */
export class FakeZfsError extends Error {
  readonly code: ErrorCode;
  readonly exitStatus: 1 | 2 | 255;
  readonly dataset: string | undefined;
  readonly retryable: boolean;
  readonly hint: ZfsFailureHint | undefined;
  readonly latestSnapshot: string | undefined;

  constructor(code: ErrorCode, stderr: string, options: FakeZfsErrorOptions = {}) {
    super(stderr);
    this.name = "FakeZfsError";
    this.code = code;
    this.exitStatus = options.exitStatus ?? 1;
    this.dataset = options.dataset;
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
    this.latestSnapshot = options.latestSnapshot;
  }

  /** What `zfs` writes to stderr, newline-terminated. */
  get stderr(): string {
    return `${this.message}\n`;
  }
}

export function isFakeZfsError(value: unknown): value is FakeZfsError {
  return value instanceof FakeZfsError;
}

/** The catalogue's way to make one (zfs-dataset-errors.ts, zfs-transfer-errors.ts): positional, as each line reads best. */
export const fail = (
  code: ErrorCode,
  text: string,
  dataset?: string,
  exitStatus: 1 | 2 | 255 = 1,
  retryable = false,
  hint?: ZfsFailureHint,
) =>
  new FakeZfsError(code, text, { dataset, exitStatus, retryable, ...(hint === undefined ? {} : { hint }) });
