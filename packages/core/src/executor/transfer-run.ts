import type {
  ReceiveHandle,
  ReceiveRequest,
  SendHandle,
  SendRequest,
  ZfsEndpoint,
} from "../endpoint/endpoint-port.js";
import { cancelledError } from "./executor-errors.js";
import type { Ticker } from "./progress-ticker.js";
import { errorMessage, TransferError, type TransferSide, type TransferSideReport } from "./transfer-error.js";

/** One `zfs send | zfs receive` pair to run and supervise. */
export interface TransferRequest {
  readonly source: ZfsEndpoint;
  readonly target: ZfsEndpoint;
  /** Source dataset, for messages (the send request may carry only a resume token). */
  readonly sourceDataset: string;
  readonly send: SendRequest;
  readonly receive: ReceiveRequest;
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
 * dead pipe; the rejection is a TransferError naming the side that failed first.
 * Resolves only after both sides have settled.
 */
export async function runTransfer(request: TransferRequest): Promise<{ readonly bytes: number }> {
  const { source, target, signal } = request;
  const sides = {
    send: { side: "send", host: source.host, dataset: request.sourceDataset },
    receive: { side: "receive", host: target.host, dataset: request.receive.dataset },
  } as const;
  const cancelled = () => cancelledError(request.sourceDataset, request.receive.dataset, target.host);
  if (signal?.aborted) throw cancelled();

  let receive: ReceiveHandle;
  try {
    receive = target.receive(request.receive);
  } catch (error) {
    throw new TransferError("receive", notStarted(sides.send), failed(sides.receive, error));
  }
  let send: SendHandle;
  try {
    send = source.send(request.send, receive.sink);
  } catch (error) {
    const stop = new Error(`zrelay stopped the receive: the send could not start: ${errorMessage(error)}`);
    receive.abort(stop);
    const received = await settle(receive.done);
    throw new TransferError("send", failed(sides.send, error), reportOf(sides.receive, received, stop));
  }

  // Reasons zrelay passed to abort(): a side rejecting with one of them was stopped, not broken.
  const stopReasons = new Set<unknown>();
  let failedFirst: TransferSide | undefined;
  let cancelledByCaller = false;
  const abortSide = (side: TransferSide, reason: Error) => {
    stopReasons.add(reason);
    (side === "send" ? send : receive).abort(reason);
  };
  const watch = <T>(side: TransferSide, done: Promise<T>) =>
    settle(done).then((result) => {
      if (!result.ok && failedFirst === undefined && !cancelledByCaller) {
        failedFirst = side;
        const other = side === "send" ? "receive" : "send";
        abortSide(
          other,
          new Error(`zrelay stopped the ${other}: the ${side} failed: ${errorMessage(result.error)}`),
        );
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
    throw new TransferError(
      failedFirst,
      reportOf(sides.send, sent, ...stopReasons),
      reportOf(sides.receive, received, ...stopReasons),
    );
  } finally {
    stopTicking();
    signal?.removeEventListener("abort", onAbort);
  }
}

type SideName = Pick<TransferSideReport, "side" | "host" | "dataset">;

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function reportOf(name: SideName, result: Settled<unknown>, ...stopReasons: unknown[]): TransferSideReport {
  if (result.ok) return { ...name, outcome: "completed", message: undefined, error: undefined };
  if (stopReasons.some((reason) => isCausedBy(result.error, reason))) {
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
