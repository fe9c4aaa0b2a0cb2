import type { ErrorCode } from "@zrelay/core";
import { assert } from "vitest";
import type { TransferOutcome } from "./conformance-transfer.js";
import { DeadlineExceeded } from "./operation-deadline.js";

/**
 * The code of a ZrelayError, read structurally: a third-party adapter may carry
 * its own copy of @zrelay/core, so `instanceof` would lie.
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  return code === undefined ? `${error.name}: ${error.message}` : `${code}: ${error.message}`;
}

function describeOutcome(result: PromiseSettledResult<unknown>): string {
  return result.status === "fulfilled" ? "succeeded" : `failed with ${describeError(result.reason)}`;
}

/** Both sides finished cleanly. */
export function expectDelivered(outcome: TransferOutcome, what: string): void {
  if (outcome.send.status === "fulfilled" && outcome.receive.status === "fulfilled") return;
  assert.fail(
    `${what}: expected send and receive to succeed, but send ${describeOutcome(outcome.send)} and receive ${describeOutcome(outcome.receive)}`,
  );
}

/**
 * `result` failed with `code`; with `mentions`, the error names that dataset,
 * snapshot or bookmark, as every zrelay error must.
 */
export function expectFailure(
  result: PromiseSettledResult<unknown>,
  code: ErrorCode | readonly ErrorCode[],
  what: string,
  mentions?: string,
): void {
  const codes: readonly string[] = typeof code === "string" ? [code] : code;
  if (result.status === "fulfilled") {
    assert.fail(`${what}: expected a failure with ${codes.join(" or ")}, but it succeeded`);
  }
  const actual = errorCode(result.reason);
  if (actual === undefined || !codes.includes(actual)) {
    assert.fail(
      `${what}: expected a ZrelayError with ${codes.join(" or ")}, got ${describeError(result.reason)}`,
    );
  }
  if (mentions !== undefined && !namesIt(result.reason, mentions)) {
    assert.fail(
      `${what}: the ${actual} error should name ${mentions} in its message or dataset: ${describeError(result.reason)}`,
    );
  }
}

/** An adapter may keep ZFS's own text as the message and name the dataset in the error's context. */
function namesIt(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const dataset = "dataset" in error ? error.dataset : undefined;
  return error.message.includes(name) || (typeof dataset === "string" && dataset.includes(name));
}

/** Awaits `operation` and expects it to fail as `expectFailure` describes. */
export async function expectRejection(
  operation: Promise<unknown>,
  code: ErrorCode | readonly ErrorCode[],
  what: string,
  mentions?: string,
): Promise<void> {
  const [result] = await Promise.allSettled([operation]);
  expectFailure(result, code, what, mentions);
}

/** `result` failed, whatever the code (the port leaves it open), but did not hang. */
export function expectRejected(result: PromiseSettledResult<unknown>, what: string): void {
  if (result.status === "fulfilled") assert.fail(`${what}: expected a failure, but it succeeded`);
  expectSettled(result, what);
}

/** `result` succeeded or failed, but did not hang. */
export function expectSettled(result: PromiseSettledResult<unknown>, what: string): void {
  if (result.status === "rejected" && result.reason instanceof DeadlineExceeded) {
    assert.fail(`${what}: ${result.reason.message}`);
  }
}

/** Byte-for-byte equality with a message that says where the first difference is. */
export function expectSameBytes(actual: Uint8Array | undefined, expected: Uint8Array, where: string): void {
  if (actual === undefined) assert.fail(`${where}: the file is missing`);
  const length = Math.min(actual.length, expected.length);
  let first = 0;
  while (first < length && actual[first] === expected[first]) first++;
  if (first === length && actual.length === expected.length) return;
  assert.fail(
    `${where}: ${actual.length} bytes differ from the expected ${expected.length} bytes, first at byte ${first}`,
  );
}
