import { ErrorCode } from "./error-codes.js";

/** Where an error happened, so its message can name the dataset and the host. */
export interface ErrorContext {
  /** Host as the user wrote it (`backup@host-storage`), or `localhost`. */
  readonly host?: string;
  /** Dataset, snapshot or bookmark the operation was about. */
  readonly dataset?: string;
}

export interface ZrelayErrorOptions extends ErrorContext {
  /** What the user should run or change next. */
  readonly hint?: string;
  /** True when the same operation may succeed if simply tried again later. */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/**
 * The one error type zrelay throws for expected failures. `message` says what
 * happened; `hint` says what to do; `code` is stable for scripts and exit codes.
 */
export class ZrelayError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly host: string | undefined;
  readonly dataset: string | undefined;

  constructor(code: ErrorCode, message: string, options: ZrelayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ZrelayError";
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.host = options.host;
    this.dataset = options.dataset;
  }
}

const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * True for a zrelay error, recognised by its shape (an Error-like object with a
 * known `code` and a `message`), not by `instanceof`: a third-party adapter built
 * against its own copy of @zrelay/core throws that copy's ZrelayError, which is
 * just as much an expected failure as ours. With `code`, that code only.
 */
export function isZrelayError(value: unknown, code?: ErrorCode): value is ZrelayError {
  if (typeof value !== "object" || value === null) return false;
  const { code: actual, message } = value as { code?: unknown; message?: unknown };
  if (typeof actual !== "string" || !knownCodes.has(actual) || typeof message !== "string") return false;
  return code === undefined || actual === code;
}
