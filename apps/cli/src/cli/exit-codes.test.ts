import { ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { asReportedError, ExitCode, exitCodeOf } from "./exit-codes.js";

/** An error thrown by a third-party adapter built against its own copy of @zrelay/core. */
class AdapterZrelayError extends Error {
  readonly code = ErrorCode.PERMISSION_DENIED;
  readonly hint = "zfs allow backup receive,create,mount backuppool";
  readonly retryable = false;
  readonly host = "offsite";
  readonly dataset = "backuppool/tank";
}

describe("asReportedError", () => {
  it("reports a third-party adapter's zrelay error as itself, not as a zrelay bug", () => {
    const error = new AdapterZrelayError("permission denied receiving backuppool/tank");
    const reported = asReportedError(error);
    expect(reported).toBe(error);
    expect(reported.message).toBe("permission denied receiving backuppool/tank");
    expect(exitCodeOf(reported)).toBe(ExitCode.FAILED);
    expect(exitCodeOf(asReportedError(Object.assign(error, { code: ErrorCode.USAGE })))).toBe(ExitCode.USAGE);
  });

  it("calls anything else a bug", () => {
    const reported = asReportedError(new TypeError("x is undefined"));
    expect(reported.message).toMatch(
      /^zrelay failed unexpectedly: x is undefined\. This is a bug in zrelay \S+; please report it at https:\/\/\S+ with the output of the same command run with --debug\.$/,
    );
    expect(exitCodeOf(reported)).toBe(ExitCode.FAILED);
  });
});
