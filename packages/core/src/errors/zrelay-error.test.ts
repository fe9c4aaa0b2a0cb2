import { describe, expect, it } from "vitest";
import { ErrorCode } from "./error-codes.js";
import { isZrelayError, ZrelayError } from "./zrelay-error.js";

/** What a third-party adapter's own copy of @zrelay/core throws: same shape, another class. */
class ForeignZrelayError extends Error {
  readonly hint = "check the adapter's host";
  readonly retryable = true;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ZrelayError";
  }
}

describe("isZrelayError", () => {
  it("recognises an error from another copy of @zrelay/core by its code and message", () => {
    const foreign = new ForeignZrelayError(ErrorCode.POOL_FULL, "out of space receiving backup/tank");
    expect(foreign).not.toBeInstanceOf(ZrelayError);
    expect(isZrelayError(foreign)).toBe(true);
    expect(isZrelayError(foreign, ErrorCode.POOL_FULL)).toBe(true);
    expect(isZrelayError(foreign, ErrorCode.DATASET_NOT_FOUND)).toBe(false);
  });

  it("recognises its own errors", () => {
    expect(isZrelayError(new ZrelayError(ErrorCode.USAGE, "bad flag"), ErrorCode.USAGE)).toBe(true);
  });

  it("does not take an error with an unknown code, or no message, for a zrelay error", () => {
    const nodeError = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(isZrelayError(nodeError)).toBe(false);
    expect(isZrelayError({ code: ErrorCode.USAGE })).toBe(false);
    expect(isZrelayError(new Error("plain"))).toBe(false);
    expect(isZrelayError(null)).toBe(false);
    expect(isZrelayError("USAGE")).toBe(false);
  });
});
