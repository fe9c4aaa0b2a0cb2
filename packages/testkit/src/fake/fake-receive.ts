import { Writable } from "node:stream";
import { type ReceiveHandle, type ReceiveRequest, ZrelayError } from "@zrelay/core";
import type { FakeZfs } from "../model/fake-zfs.js";
import { StreamReceiver } from "../stream/stream-receiver.js";
import type { FakeFaults } from "./fake-faults.js";
import { toZrelayError } from "./zfs-error-mapping.js";

/** How the fake endpoint runs one receive. */
export interface FakeReceiveContext {
  readonly host: string;
  readonly faults: FakeFaults;
  /** Throws when the endpoint refuses the request (a capability is off). */
  readonly precheck: () => void;
}

/**
 * `zfs receive -u` on the fake: a Writable sink feeding the stream decoder
 * and the model. Each snapshot commits as its record completes; when the
 * bytes stop early (sender died, abort, injected cut) the receive fails with
 * ZFS's "incomplete stream" text, leaving resumable state with `-s`. A failed
 * receive destroys its sink, so the sender sees a broken pipe, as with a
 * process that exited.
 */
export function startFakeReceive(
  zfs: FakeZfs,
  request: ReceiveRequest,
  context: FakeReceiveContext,
): ReceiveHandle {
  const { host, faults } = context;
  let settled = false;
  let resolveDone: () => void = () => {};
  let rejectDone: (error: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {}); // observed through `done`; never an unhandled rejection

  const fail = (error: unknown): unknown => {
    const mapped = toZrelayError(error, host, "receive");
    if (!settled) {
      settled = true;
      rejectDone(mapped);
    }
    return mapped;
  };

  let receiver: StreamReceiver | undefined;
  let setupError: unknown;
  try {
    context.precheck();
    const session = zfs.receive(request.dataset, {
      resumable: request.resumable,
      force: request.force,
      setProperties: request.setProperties,
      excludeProperties: request.excludeProperties,
    });
    receiver = new StreamReceiver(session);
  } catch (error) {
    setupError = error;
  }

  let consumed = 0;
  const limit = faults.receiveFailsAfterBytes;
  const delay = faults.receiveDelayMsPerChunk ?? 0;
  const writable = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      if (settled || receiver === undefined) return callback();
      try {
        if (limit !== undefined && consumed + chunk.length > limit) {
          receiver.write(chunk.subarray(0, limit - consumed));
          consumed = limit;
          return callback(fail(receiver.cut()) as Error);
        }
        receiver.write(chunk);
        consumed += chunk.length;
      } catch (error) {
        return callback(fail(error) as Error);
      }
      if (delay > 0) setTimeout(callback, delay);
      else callback();
    },
    final(callback) {
      if (settled || receiver === undefined) return callback();
      try {
        receiver.end();
      } catch (error) {
        return callback(fail(error) as Error);
      }
      settled = true;
      resolveDone();
      callback();
    },
    destroy(error, callback) {
      if (!settled && receiver !== undefined) fail(receiver.cut());
      callback(error);
    },
  });
  writable.on("error", () => {}); // failures surface on `done`

  if (setupError !== undefined) {
    queueMicrotask(() => writable.destroy(fail(setupError) as Error));
  }

  return {
    sink: { writable, inheritable: false },
    done,
    abort(reason?: Error) {
      if (settled) return;
      const cut = receiver === undefined ? setupError : receiver.cut();
      settled = true;
      rejectDone(reason instanceof ZrelayError ? reason : toZrelayError(cut, host, "receive"));
      writable.destroy();
    },
  };
}
