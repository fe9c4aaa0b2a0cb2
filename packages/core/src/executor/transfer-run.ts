import type { ByteSink, ReceiveHandle, SendHandle } from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { cancelledError, errorMessage } from "./executor-errors.js";
import type { Ticker } from "./progress-ticker.js";
import {
  isTransferInterruption,
  TransferError,
  type TransferSide,
  type TransferSideReport,
} from "./transfer-error.js";

/** Where one side of a transfer runs, for messages: host and dataset. */
export interface TransferParty {
  readonly host: string;
  /** Source dataset for the send, target dataset for the receive. */
  readonly dataset: string;
}

/** One `zfs send | zfs receive` pair to start and supervise. */
export interface TransferRequest {
  readonly sender: TransferParty;
  readonly receiver: TransferParty;
  /** Starts the receive (`target.receive(...)`). */
  readonly startReceive: () => ReceiveHandle;
  /** Starts the send into the receive's sink (`source.send(..., sink)`). */
  readonly startSend: (sink: ByteSink) => SendHandle;
  /** Aborting it stops both sides; the transfer then rejects with CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** Drives progress polling. */
  readonly ticker: Ticker;
  /** Called on every tick with the bytes the send has written so far. */
  readonly onProgress?: ((bytes: number) => void) | undefined;
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Starts the receive, hands its sink to the send, and waits for both. When one
 * side fails the other is aborted at once, so no process is left waiting on a
 * dead pipe; the rejection is a TransferError naming the root cause first.
 * Resolves or rejects only after both sides have settled.
 */
export async function runTransfer(request: TransferRequest): Promise<{ readonly bytes: number }> {
  const { signal } = request;
  const sides = {
    send: { side: "send", ...request.sender },
    receive: { side: "receive", ...request.receiver },
  } as const;
  const cancelled = () => cancelledError(sides.send.dataset, sides.receive.dataset, sides.receive.host);
  if (signal?.aborted) throw cancelled();

  let receive: ReceiveHandle;
  try {
    receive = request.startReceive();
  } catch (error) {
    throw new TransferError("receive", notStarted(sides.send), failed(sides.receive, error));
  }
  let send: SendHandle;
  try {
    send = request.startSend(receive.sink);
  } catch (error) {
    const stop = stopReason(sides.receive, `the send could not start: ${errorMessage(error)}`);
    receive.abort(stop);
    const received = await settle(receive.done);
    throw new TransferError(
      "send",
      failed(sides.send, error),
      reportOf(sides.receive, received, new Set([stop])),
    );
  }

  // Reasons zrelay passed to abort(): a side rejecting with one of them was stopped, not broken.
  const stopReasons = new Set<unknown>();
  let failedFirst: TransferSide | undefined;
  let cancelledByCaller = false;
  const abortSide = (side: TransferSide, reason: ZrelayError) => {
    stopReasons.add(reason);
    (side === "send" ? send : receive).abort(reason);
  };
  const watch = <T>(side: TransferSide, done: Promise<T>) =>
    settle(done).then((result) => {
      if (!result.ok && failedFirst === undefined && !cancelledByCaller) {
        failedFirst = side;
        const other = side === "send" ? "receive" : "send";
        abortSide(other, stopReason(sides[other], `the ${side} failed: ${errorMessage(result.error)}`));
      }
      return result;
    });
  const onAbort = () => {
    cancelledByCaller = true;
    const reason = cancelled();
    abortSide("send", reason);
    abortSide("receive", reason);
  };

  signal?.addEventListener("abort", onAbort, { once: true });
  const stopTicking = request.ticker(() => request.onProgress?.(send.progress().bytes));
  try {
    const [sent, received] = await Promise.all([watch("send", send.done), watch("receive", receive.done)]);
    if (sent.ok && received.ok) return { bytes: sent.value.bytes };
    if (failedFirst === undefined) throw cancelled();
    const first = failedFirst;
    const report = (name: SideName, result: Settled<unknown>) =>
      name.side === first ? reportOf(name, result) : reportOf(name, result, stopReasons);
    throw new TransferError(first, report(sides.send, sent), report(sides.receive, received));
  } finally {
    stopTicking();
    signal?.removeEventListener("abort", onAbort);
  }
}

type SideName = TransferParty & Pick<TransferSideReport, "side">;

// A ZrelayError, so that endpoints which reject `done` with a ZrelayError reason as
// given (the fake does) let us recognise the side as stopped rather than failed.
function stopReason(name: SideName, why: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.TRANSFER_INTERRUPTED,
    `zrelay stopped the ${name.side} on ${name.host}: ${why}`,
    {
      host: name.host,
      dataset: name.dataset,
    },
  );
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * With `stopReasons` the side did not fail first: it was stopped when it rejected
 * with our abort reason, or with a mere interruption (the broken pipe or cut stream
 * that the other side's exit caused); any other error is a failure of its own.
 */
function reportOf(
  name: SideName,
  result: Settled<unknown>,
  stopReasons?: ReadonlySet<unknown>,
): TransferSideReport {
  if (result.ok) return { ...name, outcome: "completed", message: undefined, error: undefined };
  const stopped =
    stopReasons !== undefined &&
    (isTransferInterruption(result.error) ||
      [...stopReasons].some((reason) => isCausedBy(result.error, reason)));
  if (stopped) {
    return { ...name, outcome: "stopped", message: errorMessage(result.error), error: result.error };
  }
  return failed(name, result.error);
}

function failed(name: SideName, error: unknown): TransferSideReport {
  return { ...name, outcome: "failed", message: errorMessage(error), error };
}

function notStarted(name: SideName): TransferSideReport {
  return { ...name, outcome: "not-started", message: undefined, error: undefined };
}

// Endpoints reject `done` with the abort reason itself or wrap it as `cause`.
function isCausedBy(error: unknown, reason: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (current === reason) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
