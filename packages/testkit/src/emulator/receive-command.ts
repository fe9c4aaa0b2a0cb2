import { setImmediate as yieldToEvents } from "node:timers/promises";
import { isatty } from "node:tty";
import { ErrorCode } from "@zrelay/core";
import { FakeZfsError } from "../model/fake-zfs-error.js";
import type { ReceiveOptions } from "../model/receive-checks.js";
import type { TransferRecord } from "../model/transfer-record.js";
import { encodedStreamLength } from "../stream/stream-encoder.js";
import { StreamReceiver } from "../stream/stream-receiver.js";
import { listValue, parseOptions, propertyAssignments } from "./command-options.js";
import { printSync, readSomeSync } from "./descriptor-io.js";
import { type EmulatorEnvironment, reportingCommand } from "./emulator-command.js";
import { emulatorErrors } from "./emulator-errors.js";
import { LockedReceiveSession } from "./locked-receive-session.js";
import { mountIfAutomatic } from "./mount-control.js";
import { dieOfSignal, watchTermination } from "./process-signals.js";
import { transact } from "./state-transaction.js";
import { niceBytes } from "./zfs-format.js";
import { ZFS_USAGE } from "./zfs-usage.js";

const READ_BUFFER_BYTES = 1024 * 1024;
/** Reads between event-loop turns, when a SIGTERM can be noticed. */
const READS_PER_TURN = 32;

/**
 * `zfs receive [-vnsFu] [-o p=v]... [-x p]... TARGET` and `zfs receive -A TARGET`.
 * Reads fd 0 with synchronous reads into one reused buffer and feeds a
 * StreamReceiver; every record commits in its own critical section. SIGTERM
 * or SIGINT stop it between reads: the partial state is saved (with -s) and
 * the process then dies of that signal, as a killed `zfs receive` does.
 */
export async function zfsReceive(args: readonly string[], env: EmulatorEnvironment): Promise<number> {
  const usage = ZFS_USAGE.receive;
  const options = parseOptions(args, { flags: "vnsFhuAMed", values: "ox", usage });
  if (options.flags.has("A")) return abortReceive(options.operands, env);
  if (options.flags.has("d") || options.flags.has("e")) throw emulatorErrors.unsupported("zfs receive -d/-e");
  if (options.operands.length === 0) throw emulatorErrors.usage("missing snapshot argument", usage);
  if (options.operands.length > 1) throw emulatorErrors.usage("too many arguments", usage);
  const target = options.operands[0] as string;
  if (/[@#]/.test(target)) throw emulatorErrors.unsupported("zfs receive into a snapshot name");
  const receiveOptions: ReceiveOptions = {
    resumable: options.flags.has("s"),
    force: options.flags.has("F"),
    setProperties: Object.fromEntries(propertyAssignments(listValue(options, "o") ?? [], usage)),
    excludeProperties: listValue(options, "x") ?? [],
  };
  // Property mistakes are reported before the stream is read.
  transact(env.root, (state) => state.zfs.receive(target, receiveOptions), "check");
  if (isatty(0)) {
    throw new FakeZfsError(
      ErrorCode.USAGE,
      "Error: Backup stream can not be read from a terminal.\nYou must redirect standard input.",
    );
  }
  const dryRun = options.flags.has("n");
  const session = new LockedReceiveSession(
    env.root,
    target,
    receiveOptions,
    dryRun,
    verboseProgress(options.flags.has("v"), target),
  );
  await readStream(new StreamReceiver(session));
  if (!dryRun && !options.flags.has("u")) {
    transact(env.root, (state) => {
      const refused = mountIfAutomatic(state, target);
      if (refused !== undefined) printSync(2, refused.stderr);
    });
  }
  return 0;
}

async function readStream(receiver: StreamReceiver): Promise<void> {
  const stopped = watchTermination();
  const dieIfStopped = () => {
    const signal = stopped();
    if (signal === undefined) return;
    receiver.cut();
    dieOfSignal(signal);
  };
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  try {
    for (let reads = 1; !receiver.finished; reads++) {
      let length: number;
      try {
        length = readSomeSync(0, buffer);
      } catch {
        throw receiver.cut();
      }
      if (length === 0) break;
      receiver.write(buffer.subarray(0, length));
      if (reads % READS_PER_TURN === 0) {
        await yieldToEvents();
        dieIfStopped();
      }
    }
    receiver.end();
  } finally {
    // A signal that came while a read was blocked is noticed here: it wins over the stream's own end.
    // Its handler runs when the loop polls; a timer would not do (after long synchronous work it is
    // already due and fires before the poll), a few immediates do.
    for (let turn = 0; turn < 4; turn++) await yieldToEvents();
    dieIfStopped();
  }
}

/** `-v`: zfs prints a line as each snapshot starts and one as it ends, on stdout. */
function verboseProgress(verbose: boolean, target: string) {
  if (!verbose) return {};
  let started = 0;
  return {
    onBegin(record: TransferRecord) {
      started = performance.now();
      const kind = record.fromGuid === undefined ? "full" : "incremental";
      printSync(
        1,
        `receiving ${kind} stream of ${record.sourceDataset}@${record.snapshotName} into ${target}@${record.snapshotName}\n`,
      );
    },
    onCommit(record: TransferRecord) {
      const seconds = Math.max((performance.now() - started) / 1000, 0.01);
      const bytes = encodedStreamLength([record]);
      printSync(
        1,
        `received ${niceBytes(bytes)} stream in ${seconds.toFixed(2)} seconds (${niceBytes(Math.round(bytes / seconds))}/sec)\n`,
      );
    },
  };
}

function abortReceive(operands: readonly string[], env: EmulatorEnvironment): number {
  const usage = ZFS_USAGE.receive;
  if (operands.length !== 1) throw emulatorErrors.usage("missing snapshot argument", usage);
  return reportingCommand((state) => state.zfs.abortResumableReceive(operands[0] as string))(
    [],
    env,
  ) as number;
}
