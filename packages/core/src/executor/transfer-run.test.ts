import { describe, expect, it } from "vitest";
import type { ReceiveHandle, SendHandle } from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { silentTicker, type Ticker } from "./progress-ticker.js";
import { isTransferError, type TransferError } from "./transfer-error.js";
import { runTransfer } from "./transfer-run.js";

/** How a handle's `done` rejects on abort: with the reason, wrapping it, or with an error of its own. */
type OnAbort = "reason" | "wrapped" | ZrelayError;

// Hand-driven handles: each test decides which side settles when, so the race
// between the two sides is exact instead of timing-dependent.
function handle<T>(onAbort: OnAbort) {
  let succeed!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<T>((resolve, reject) => {
    succeed = resolve;
    fail = reject;
  });
  const aborts: unknown[] = [];
  const abort = (reason?: Error) => {
    aborts.push(reason);
    fail(
      onAbort === "reason"
        ? reason
        : onAbort === "wrapped"
          ? new Error("killed", { cause: reason })
          : onAbort,
    );
  };
  return { done, aborts, abort, succeed, fail };
}

interface PairOptions {
  readonly onSendAbort?: OnAbort;
  readonly onReceiveAbort?: OnAbort;
  readonly ticker?: Ticker;
  readonly onProgress?: (bytes: number) => void;
  readonly signal?: AbortSignal;
}

function pair(options: PairOptions = {}) {
  const send = handle<{ bytes: number }>(options.onSendAbort ?? "reason");
  const receive = handle<void>(options.onReceiveAbort ?? "reason");
  let sentBytes = 0;
  let started = false;
  const running = runTransfer({
    sender: { host: "host-storage", dataset: "tank/data" },
    receiver: { host: "localhost", dataset: "backup/tank/data" },
    startReceive: (): ReceiveHandle => {
      started = true;
      return {
        done: receive.done,
        abort: receive.abort,
        sink: { writable: null as never, inheritable: false },
      };
    },
    startSend: (): SendHandle => ({
      done: send.done,
      abort: send.abort,
      progress: () => ({ bytes: sentBytes }),
    }),
    ticker: options.ticker ?? silentTicker,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const outcome = running.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { send, receive, outcome, started: () => started, setSentBytes: (n: number) => (sentBytes = n) };
}

async function transferError(outcome: Promise<{ error: unknown }>): Promise<TransferError> {
  const { error } = await outcome;
  if (!isTransferError(error)) throw new Error(`expected a TransferError, got ${String(error)}`);
  return error;
}

const zrelayError = (code: ErrorCode, message: string, retryable = false) =>
  new ZrelayError(code, message, { retryable, hint: `hint for ${code}` });
const modified = zrelayError(
  ErrorCode.DESTINATION_MODIFIED,
  "destination backup/tank/data has been modified",
);
const connectionReset = zrelayError(
  ErrorCode.TRANSFER_INTERRUPTED,
  "ssh to host-storage: connection reset",
  true,
);
const brokenPipe = zrelayError(
  ErrorCode.TRANSFER_INTERRUPTED,
  "cannot send 'tank/data@a': Broken pipe",
  true,
);
const poolFull = zrelayError(ErrorCode.POOL_FULL, "cannot receive new filesystem stream: out of space");
const busy = zrelayError(ErrorCode.SEND_FAILED, "cannot send 'tank/data@a': dataset is busy", true);
const checksum = zrelayError(ErrorCode.STREAM_INVALID, "cannot receive: invalid stream (checksum mismatch)");
const SEND = "send from tank/data on host-storage";
const RECEIVE = "receive into backup/tank/data on localhost";

describe("runTransfer", () => {
  it("resolves with the bytes the send reports once both sides finished", async () => {
    const sides = pair();
    sides.send.succeed({ bytes: 4096 });
    sides.receive.succeed();
    expect(await sides.outcome).toEqual({ value: { bytes: 4096 }, error: undefined });
    expect([sides.send.aborts, sides.receive.aborts]).toEqual([[], []]);
  });

  it.each<{
    name: string;
    first: "send" | "receive";
    error: ZrelayError;
    onOtherAbort: OnAbort;
    message: string;
    code: ErrorCode;
    rootCause: "send" | "receive";
    retryable: boolean;
  }>([
    {
      name: "the receive fails: the send is stopped and named second",
      first: "receive",
      error: modified,
      onOtherAbort: "reason",
      message: `${RECEIVE} failed: ${modified.message}; ${SEND} was stopped`,
      code: ErrorCode.DESTINATION_MODIFIED,
      rootCause: "receive",
      retryable: false,
    },
    {
      name: "the send is interrupted: the receive is stopped, and it is worth retrying",
      first: "send",
      error: connectionReset,
      onOtherAbort: "wrapped",
      message: `${SEND} failed: ${connectionReset.message}; ${RECEIVE} was stopped`,
      code: ErrorCode.TRANSFER_INTERRUPTED,
      rootCause: "send",
      retryable: true,
    },
    {
      name: "the broken pipe a failed receive causes counts as the send being stopped",
      first: "receive",
      error: modified,
      onOtherAbort: brokenPipe,
      message: `${RECEIVE} failed: ${modified.message}; ${SEND} was stopped`,
      code: ErrorCode.DESTINATION_MODIFIED,
      rootCause: "receive",
      retryable: false,
    },
    {
      name: "a full pool is the root cause even when its broken pipe was noticed first",
      first: "send",
      error: brokenPipe,
      onOtherAbort: poolFull,
      message: `${RECEIVE} failed: ${poolFull.message}; also ${SEND} failed: ${brokenPipe.message}`,
      code: ErrorCode.POOL_FULL,
      rootCause: "receive",
      retryable: true,
    },
    {
      name: "an endpoint message that already names its side is not prefixed twice",
      first: "receive",
      error: zrelayError(ErrorCode.POOL_FULL, `${RECEIVE} failed: out of space`),
      onOtherAbort: "reason",
      message: `${RECEIVE} failed: out of space; ${SEND} was stopped`,
      code: ErrorCode.POOL_FULL,
      rootCause: "receive",
      retryable: false,
    },
    {
      name: "a real error of the second side is reported too, and counts for retrying",
      first: "receive",
      error: checksum,
      onOtherAbort: busy,
      message: `${RECEIVE} failed: ${checksum.message}; also ${SEND} failed: ${busy.message}`,
      code: ErrorCode.STREAM_INVALID,
      rootCause: "receive",
      retryable: true,
    },
  ])("$name", async ({ name: _title, first, error, onOtherAbort, ...expected }) => {
    const sides = pair(first === "send" ? { onReceiveAbort: onOtherAbort } : { onSendAbort: onOtherAbort });
    sides[first].fail(error);
    const failure = await transferError(sides.outcome);
    expect(sides[first === "send" ? "receive" : "send"].aborts).toHaveLength(1);
    expect(failure).toMatchObject(expected);
    expect(failure.hint).toBe(expected.rootCause === first ? error.hint : poolFull.hint);
    expect(failure[first]).toMatchObject({ outcome: "failed", message: error.message, error });
  });

  it.each([
    { side: "send", code: ErrorCode.SEND_FAILED, host: "host-storage" },
    { side: "receive", code: ErrorCode.RECEIVE_FAILED, host: "localhost" },
  ] as const)("gives a plain $side error the code $code and a hint", async ({ side, code, host }) => {
    const sides = pair();
    sides[side].fail(new Error("exit code 1"));
    const failure = await transferError(sides.outcome);
    expect(failure).toMatchObject({
      code,
      host,
      hint: `Fix the cause of the ${side} failure on ${host}, then run zrelay again.`,
    });
  });

  it("fails on the send when the receive committed but the send exited non-zero", async () => {
    const sides = pair();
    sides.receive.succeed();
    sides.send.fail(busy);
    const failure = await transferError(sides.outcome);
    expect(failure.message).toBe(`${SEND} failed: ${busy.message}`);
    expect(failure.receive.outcome).toBe("completed");
  });

  it("aborts both sides and rejects with CANCELLED when the signal fires", async () => {
    const controller = new AbortController();
    const sides = pair({ signal: controller.signal });
    controller.abort();
    const { error } = await sides.outcome;
    expect(error).toMatchObject({
      code: ErrorCode.CANCELLED,
      message: "replication of tank/data into backup/tank/data on localhost was cancelled",
    });
    expect([sides.send.aborts.length, sides.receive.aborts.length]).toEqual([1, 1]);
  });

  it("starts nothing when the signal has already fired", async () => {
    const sides = pair({ signal: AbortSignal.abort() });
    expect((await sides.outcome).error).toMatchObject({ code: ErrorCode.CANCELLED });
    expect(sides.started()).toBe(false);
  });

  it("reports the send's byte count on every tick and stops ticking when done", async () => {
    let tick = () => {};
    let stopped = false;
    const seen: number[] = [];
    const sides = pair({
      ticker: (onTick) => {
        tick = onTick;
        return () => {
          stopped = true;
        };
      },
      onProgress: (bytes) => seen.push(bytes),
    });
    sides.setSentBytes(1000);
    tick();
    sides.setSentBytes(2500);
    tick();
    sides.send.succeed({ bytes: 3000 });
    sides.receive.succeed();
    await sides.outcome;
    expect(seen).toEqual([1000, 2500]);
    expect(stopped).toBe(true);
  });

  it("aborts the receive when the send cannot even start", async () => {
    const receive = handle<void>("reason");
    const running = runTransfer({
      sender: { host: "host-storage", dataset: "tank/data" },
      receiver: { host: "localhost", dataset: "backup/tank/data" },
      startReceive: () => ({ ...receive, sink: { writable: null as never, inheritable: false } }),
      startSend: () => {
        throw zrelayError(ErrorCode.UNSUPPORTED, "host-storage cannot send raw streams");
      },
      ticker: silentTicker,
    });
    const failure = await transferError(
      running.then(
        () => ({ error: undefined }),
        (error: unknown) => ({ error }),
      ),
    );
    expect(receive.aborts).toHaveLength(1);
    expect(failure.message).toBe(
      `${SEND} failed: host-storage cannot send raw streams; ${RECEIVE} was stopped`,
    );
  });
});
