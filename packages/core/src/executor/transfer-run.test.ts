import { describe, expect, it } from "vitest";
import type {
  ReceiveHandle,
  ReceiveRequest,
  SendHandle,
  SendRequest,
  ZfsEndpoint,
} from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";
import type { Ticker } from "./progress-ticker.js";
import { silentTicker } from "./progress-ticker.js";
import { isTransferError, type TransferError } from "./transfer-error.js";
import { runTransfer } from "./transfer-run.js";

// Hand-driven send/receive handles: each test decides which side settles when, so
// the race between the two sides is exact instead of timing-dependent.
interface Controlled<T> {
  readonly done: Promise<T>;
  readonly aborts: unknown[];
  succeed(value: T): void;
  fail(error: unknown): void;
}

/** How a handle's `done` rejects on abort: with the reason, wrapping it, or unrelated. */
type AbortStyle = "reason" | "wrapped" | "unrelated";

function controlled<T>(abortStyle: AbortStyle = "reason"): Controlled<T> & { abort(reason?: Error): void } {
  let succeed!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<T>((resolve, reject) => {
    succeed = resolve;
    fail = reject;
  });
  const aborts: unknown[] = [];
  return {
    done,
    aborts,
    succeed,
    fail,
    abort(reason) {
      aborts.push(reason);
      if (abortStyle === "reason") fail(reason);
      else if (abortStyle === "wrapped") fail(new Error("killed", { cause: reason }));
      else
        fail(new ZrelayError(ErrorCode.TRANSFER_INTERRUPTED, "ssh: connection reset", { retryable: true }));
    },
  };
}

function endpoints(options: { sendAbort?: AbortStyle; receiveAbort?: AbortStyle } = {}) {
  const send = controlled<{ bytes: number }>(options.sendAbort);
  const receive = controlled<void>(options.receiveAbort);
  let sentBytes = 0;
  const calls: { send?: SendRequest; receive?: ReceiveRequest } = {};
  const unused = () => Promise.reject(new Error("not used by a transfer"));
  const base = {
    capabilities: { raw: true, resume: true, bookmarks: true, holds: true },
    listDatasets: unused,
    listSnapshots: unused,
    estimateSendSize: unused,
    abortResumableReceive: unused,
    createParents: unused,
    hold: unused,
    release: unused,
    holds: unused,
    bookmark: unused,
    rollback: unused,
    destroy: unused,
  };
  const source: ZfsEndpoint = {
    ...base,
    host: "host-storage",
    send(request): SendHandle {
      calls.send = request;
      return { done: send.done, abort: send.abort, progress: () => ({ bytes: sentBytes }) };
    },
    receive: () => {
      throw new Error("source never receives");
    },
  };
  const target: ZfsEndpoint = {
    ...base,
    host: "localhost",
    send: () => {
      throw new Error("target never sends");
    },
    receive(request): ReceiveHandle {
      calls.receive = request;
      return {
        done: receive.done,
        abort: receive.abort,
        sink: { writable: null as never, inheritable: false },
      };
    },
  };
  return { source, target, send, receive, calls, setSentBytes: (bytes: number) => (sentBytes = bytes) };
}

function transfer(
  sides: ReturnType<typeof endpoints>,
  extra: { signal?: AbortSignal; ticker?: Ticker } = {},
) {
  return runTransfer({
    source: sides.source,
    target: sides.target,
    sourceDataset: "tank/data",
    send: { snapshot: "tank/data@a", raw: true },
    receive: { dataset: "backup/tank/data", resumable: true },
    ticker: extra.ticker ?? silentTicker,
    signal: extra.signal,
  });
}

async function transferError(promise: Promise<unknown>): Promise<TransferError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTransferError(error)) throw new Error(`expected a TransferError, got ${String(error)}`);
  return error;
}

const destinationModified = new ZrelayError(
  ErrorCode.DESTINATION_MODIFIED,
  "cannot receive incremental stream: destination backup/tank/data has been modified since most recent snapshot",
  {
    host: "localhost",
    dataset: "backup/tank/data",
    hint: "Roll back the target or run with --allow-rollback.",
  },
);
const connectionLost = new ZrelayError(
  ErrorCode.TRANSFER_INTERRUPTED,
  "ssh to host-storage: connection reset",
  {
    host: "host-storage",
    retryable: true,
  },
);

describe("runTransfer", () => {
  it("resolves with the bytes the send reports once both sides finished", async () => {
    const sides = endpoints();
    const running = transfer(sides);
    sides.send.succeed({ bytes: 4096 });
    sides.receive.succeed();
    await expect(running).resolves.toEqual({ bytes: 4096 });
    expect(sides.calls.receive).toEqual({ dataset: "backup/tank/data", resumable: true });
    expect(sides.send.aborts).toEqual([]);
    expect(sides.receive.aborts).toEqual([]);
  });

  it("stops the send at once when the receive fails, and puts the receive's error first", async () => {
    const sides = endpoints();
    const running = transfer(sides);
    sides.receive.fail(destinationModified);
    const error = await transferError(running);
    expect(sides.send.aborts).toHaveLength(1);
    expect(error.message).toBe(
      "receive into backup/tank/data on localhost failed: cannot receive incremental stream: destination " +
        "backup/tank/data has been modified since most recent snapshot; send from tank/data on host-storage was stopped",
    );
    expect(error).toMatchObject({
      code: ErrorCode.DESTINATION_MODIFIED,
      host: "localhost",
      dataset: "backup/tank/data",
      hint: "Roll back the target or run with --allow-rollback.",
      retryable: false,
      failedFirst: "receive",
    });
    expect(error.send).toMatchObject({ outcome: "stopped", host: "host-storage", dataset: "tank/data" });
    expect(error.receive).toMatchObject({ outcome: "failed", message: destinationModified.message });
  });

  it("aborts the receive when the send fails first; an interrupted send makes the failure retryable", async () => {
    const sides = endpoints({ receiveAbort: "wrapped" });
    const running = transfer(sides);
    sides.send.fail(connectionLost);
    const error = await transferError(running);
    expect(sides.receive.aborts).toHaveLength(1);
    expect(error.message).toBe(
      "send from tank/data on host-storage failed: ssh to host-storage: connection reset; " +
        "receive into backup/tank/data on localhost was stopped",
    );
    expect(error).toMatchObject({
      code: ErrorCode.TRANSFER_INTERRUPTED,
      retryable: true,
      failedFirst: "send",
    });
    expect(error.hint).toBe("Run zrelay again; a resumable receive continues where it stopped.");
  });

  it("reports a side that failed on its own after the other as 'also failed', and counts it for retrying", async () => {
    const sides = endpoints({ sendAbort: "unrelated" });
    const running = transfer(sides);
    sides.receive.fail(
      new ZrelayError(ErrorCode.STREAM_INVALID, "cannot receive: failed to read from stream"),
    );
    const error = await transferError(running);
    expect(error.message).toBe(
      "receive into backup/tank/data on localhost failed: cannot receive: failed to read from stream; " +
        "send from tank/data on host-storage also failed: ssh: connection reset",
    );
    expect(error).toMatchObject({ code: ErrorCode.STREAM_INVALID, retryable: true });
  });

  it.each([
    { side: "send", code: ErrorCode.SEND_FAILED },
    { side: "receive", code: ErrorCode.RECEIVE_FAILED },
  ] as const)("gives a plain $side error the code $code", async ({ side, code }) => {
    const sides = endpoints();
    const running = transfer(sides);
    sides[side].fail(new Error("exit code 1"));
    const error = await transferError(running);
    expect(error.code).toBe(code);
    expect(error.hint).toBe(
      `Fix the cause of the ${side} failure on ${side === "send" ? "host-storage" : "localhost"}, then run zrelay again.`,
    );
  });

  it("fails on the send when the receive committed but the send exited non-zero", async () => {
    const sides = endpoints();
    const running = transfer(sides);
    sides.receive.succeed();
    sides.send.fail(new ZrelayError(ErrorCode.SEND_FAILED, "zfs send exited 1"));
    const error = await transferError(running);
    expect(error.message).toBe("send from tank/data on host-storage failed: zfs send exited 1");
    expect(error.receive.outcome).toBe("completed");
  });

  it("aborts both sides and rejects with CANCELLED when the signal fires", async () => {
    const sides = endpoints();
    const controller = new AbortController();
    const running = transfer(sides, { signal: controller.signal });
    controller.abort();
    const error = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isZrelayError(error, ErrorCode.CANCELLED)).toBe(true);
    expect((error as ZrelayError).message).toBe(
      "replication of tank/data into backup/tank/data on localhost was cancelled",
    );
    expect(sides.send.aborts).toHaveLength(1);
    expect(sides.receive.aborts).toHaveLength(1);
  });

  it("starts nothing when the signal has already fired", async () => {
    const sides = endpoints();
    await expect(transfer(sides, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: ErrorCode.CANCELLED,
    });
    expect(sides.calls.receive).toBeUndefined();
  });

  it("reports the send's byte count on every tick and stops ticking when done", async () => {
    const sides = endpoints();
    let tick: (() => void) | undefined;
    let stopped = false;
    const ticker: Ticker = (onTick) => {
      tick = onTick;
      return () => {
        stopped = true;
      };
    };
    const seen: number[] = [];
    const running = runTransfer({
      source: sides.source,
      target: sides.target,
      sourceDataset: "tank/data",
      send: { snapshot: "tank/data@a", raw: false },
      receive: { dataset: "backup/tank/data", resumable: false },
      ticker,
      onProgress: (bytes) => seen.push(bytes),
    });
    sides.setSentBytes(1000);
    tick?.();
    sides.setSentBytes(2500);
    tick?.();
    sides.send.succeed({ bytes: 3000 });
    sides.receive.succeed();
    await running;
    expect(seen).toEqual([1000, 2500]);
    expect(stopped).toBe(true);
  });

  it("aborts the receive when the send cannot even start", async () => {
    const sides = endpoints();
    const source: ZfsEndpoint = {
      ...sides.source,
      send: () => {
        throw new ZrelayError(ErrorCode.UNSUPPORTED, "host-storage cannot send raw streams");
      },
    };
    const error = await transferError(transfer({ ...sides, source }));
    expect(sides.receive.aborts).toHaveLength(1);
    expect(error.message).toBe(
      "send from tank/data on host-storage failed: host-storage cannot send raw streams; " +
        "receive into backup/tank/data on localhost was stopped",
    );
  });
});
