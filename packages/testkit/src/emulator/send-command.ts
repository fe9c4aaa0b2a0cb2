import { isatty } from "node:tty";
import { ErrorCode } from "@zrelay/core";
import { FakeZfsError } from "../model/fake-zfs-error.js";
import type { TransferRecord } from "../model/transfer-record.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { encodeStream } from "../stream/stream-encoder.js";
import { lastValue, parseOptions } from "./command-options.js";
import { printSync, writeAllSync } from "./descriptor-io.js";
import type { EmulatorEnvironment } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import type { EmulatorState } from "./emulator-state.js";
import { dieOfSignal } from "./process-signals.js";
import { type EstimatedStream, sendEstimate } from "./send-estimate.js";
import { transact } from "./state-transaction.js";
import { ZFS_USAGE } from "./zfs-usage.js";

/**
 * `zfs send [-nPvw] [-Lec] [-i|-I FROM] SNAP` and `zfs send [-nPv] -t TOKEN`.
 * The records are planned from one consistent read of the state, under the
 * lock; the stream is then written to fd 1 without it, with synchronous
 * writes of views of one preallocated block. A reader that goes away ends the
 * process by SIGPIPE, as it ends real zfs (exit status 141 in a shell).
 */
export function zfsSend(args: readonly string[], env: EmulatorEnvironment): number {
  const usage = ZFS_USAGE.send;
  const options = parseOptions(args, { flags: "DLPbcehnpsVvwR", values: "iItX", usage });
  if (options.flags.has("R")) throw emulatorErrors.unsupported("zfs send -R (replication streams)");
  const token = lastValue(options, "t");
  const intermediates = options.values.has("I");
  const from = lastValue(options, intermediates ? "I" : "i");
  let snapshot = "";
  if (token === undefined) {
    if (options.operands.length === 0) throw emulatorErrors.usage("missing snapshot argument", usage);
    if (options.operands.length > 1) throw emulatorErrors.usage("too many arguments", usage);
    snapshot = options.operands[0] as string;
  } else if (options.operands.length > 0) throw emulatorErrors.usage("too many arguments", usage);
  const request = {
    snapshot,
    from: from === undefined || /[@#]/.test(from) ? from : `@${from}`,
    intermediates,
    raw: options.flags.has("w"),
    resumeToken: token,
  };

  const streams = transact(
    env.root,
    (state) => estimatedStreams(state, state.zfs.planSend(request), intermediates),
    "check",
  );
  const dryRun = options.flags.has("n");
  const parsable = options.flags.has("P");
  if (parsable || options.flags.has("v")) printSync(dryRun ? 1 : 2, sendEstimate(streams, parsable, token));
  if (dryRun) return 0;
  if (isatty(1)) {
    throw new FakeZfsError(
      ErrorCode.USAGE,
      "Error: Stream can not be written to a terminal.\nYou must redirect standard output.",
    );
  }
  const name =
    snapshot || (streams[0] ? `${streams[0].record.sourceDataset}@${streams[0].record.snapshotName}` : "");
  try {
    for (const chunk of encodeStream(streams.map((stream) => stream.record))) writeAllSync(1, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") dieOfSignal("SIGPIPE");
    throw zfsErrors.sendIoError(name);
  }
  return 0;
}

/** Names each record's base as the estimate prints it (the planner checked it exists). */
function estimatedStreams(
  state: EmulatorState,
  records: readonly TransferRecord[],
  intermediates: boolean,
): EstimatedStream[] {
  let previous: string | undefined;
  return records.map((record) => {
    let from: string | undefined;
    if (record.fromGuid !== undefined) {
      from = intermediates && previous !== undefined ? previous : baseName(state, record, intermediates);
    }
    previous = record.snapshotName;
    return { record, from };
  });
}

function baseName(state: EmulatorState, record: TransferRecord, short: boolean): string {
  const wanted = record.fromBookmark ? "bookmark" : "snapshot";
  const base = state.zfs
    .listSnapshots(record.sourceDataset, { recursive: false })
    .find((point) => point.guid === record.fromGuid && point.kind === wanted);
  if (base === undefined) return "-";
  if (short) return base.name;
  return `${record.sourceDataset}${wanted === "bookmark" ? "#" : "@"}${base.name}`;
}
