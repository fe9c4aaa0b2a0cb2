import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type ByteSink,
  ErrorCode,
  type SendHandle,
  type SendRequest,
  ZrelayError,
  zfsFailureHint,
} from "@zrelay/core";
import type { FakeZfs } from "../model/fake-zfs.js";
import type { TransferRecord } from "../model/transfer-record.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { encodeStream } from "../stream/stream-encoder.js";
import type { FakeFaults } from "./fake-faults.js";
import { toZrelayError } from "./zfs-error-mapping.js";

/** How the fake endpoint runs one send. */
export interface FakeSendContext {
  readonly host: string;
  readonly faults: FakeFaults;
  /** Throws when the endpoint refuses the request (a capability is off). */
  readonly precheck: () => void;
}

/**
 * `zfs send` on the fake: plans the records (failing as ZFS would before any
 * byte), then pipes the encoded stream into the sink with backpressure.
 * Like a process whose stdout closes, a failed send ends the sink so the
 * receiver sees the stream stop.
 */
export function startFakeSend(
  zfs: FakeZfs,
  request: SendRequest,
  sink: ByteSink,
  context: FakeSendContext,
): SendHandle {
  const { host, faults } = context;
  let bytes = 0;
  let source: Readable | undefined;
  let abortReason: Error | undefined;
  const name = request.resumeToken === undefined ? request.snapshot : "resumed stream";

  const run = async (): Promise<{ bytes: number }> => {
    await Promise.resolve();
    if (abortReason) {
      sink.writable.end();
      throw abortReason;
    }
    let records: TransferRecord[];
    try {
      context.precheck();
      records = zfs.planSend(request);
    } catch (error) {
      sink.writable.end();
      throw toZrelayError(error, host, "send");
    }
    const first = records[0];
    const sending = first ? `${first.sourceDataset}@${first.snapshotName}` : name;
    let failedByFault = false;
    const limit = faults.sendFailsAfterBytes;
    function* counted(): Generator<Uint8Array, void, undefined> {
      for (const chunk of encodeStream(records)) {
        if (limit !== undefined && bytes + chunk.length > limit) {
          const kept = chunk.subarray(0, limit - bytes);
          bytes += kept.length;
          if (kept.length > 0) yield kept;
          failedByFault = true;
          return; // output closes cleanly after the last byte, as when a process dies
        }
        bytes += chunk.length;
        yield chunk;
      }
    }
    source = Readable.from(counted(), { objectMode: false });
    try {
      await pipeline(source, sink.writable);
    } catch {
      if (abortReason) throw abortReason;
      // A receiver that fails on the truncated stream closes the pipe; the send still died first.
      if (!failedByFault) throw toZrelayError(zfsErrors.sendBrokenPipe(sending), host, "send");
    }
    if (failedByFault) throw toZrelayError(zfsErrors.sendIoError(sending), host, "send");
    return { bytes };
  };

  const done = run();
  done.catch(() => {}); // observed through `done`; never an unhandled rejection
  return {
    done,
    progress: () => ({ bytes }),
    abort(reason?: Error) {
      if (abortReason) return;
      abortReason =
        reason instanceof ZrelayError
          ? reason
          : new ZrelayError(ErrorCode.TRANSFER_INTERRUPTED, `zfs send of ${name} on ${host} was stopped`, {
              host,
              dataset: request.snapshot,
              retryable: true,
              cause: reason,
              hint: zfsFailureHint("resumeFromSavedState", { host, dataset: name, operation: "send" }),
            });
      source?.destroy(abortReason);
    },
  };
}
