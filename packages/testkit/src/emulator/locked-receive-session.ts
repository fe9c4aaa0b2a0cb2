import { type FakeZfsError, isFakeZfsError } from "../model/fake-zfs-error.js";
import { type ReceiveOptions, receiveAction } from "../model/receive-checks.js";
import type { StreamStop } from "../model/receive-session.js";
import type { TransferRecord } from "../model/transfer-record.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import type { RecordReceiver } from "../stream/stream-receiver.js";
import { transact } from "./state-transaction.js";

/** What a receive reports as records come and go (for `zfs receive -v`). */
export interface ReceiveProgress {
  readonly onBegin?: (record: TransferRecord) => void;
  readonly onCommit?: (record: TransferRecord) => void;
}

/**
 * The model's ReceiveSession, one critical section per decision, because the
 * state may change between records (the send of the same stream, or any other
 * command, runs at the same time against the same state). Each section loads
 * the latest state and replays the record's header checks on it:
 * - a header is checked on a throwaway copy: nothing is saved while its data
 *   streams in (real ZFS would show an `inconsistent` dataset meanwhile);
 * - a record whose data arrived whole is checked again and committed;
 * - a stream that stopped inside a record saves the partial state (`-s`).
 */
export class LockedReceiveSession implements RecordReceiver {
  readonly target: string;
  readonly #root: string;
  readonly #options: ReceiveOptions;
  readonly #dryRun: boolean;
  readonly #progress: ReceiveProgress;
  #current: TransferRecord | undefined;
  readonly #received: string[] = [];

  constructor(
    root: string,
    target: string,
    options: ReceiveOptions,
    dryRun: boolean,
    progress: ReceiveProgress = {},
  ) {
    this.#root = root;
    this.target = target;
    this.#options = options;
    this.#dryRun = dryRun;
    this.#progress = progress;
  }

  get received(): readonly string[] {
    return this.#received;
  }

  get currentRecord(): TransferRecord | undefined {
    return this.#current;
  }

  beginRecord(record: TransferRecord): boolean {
    if (this.#current !== undefined) throw zfsErrors.receiveBadStream(this.target);
    const wanted = transact(
      this.#root,
      (state) => state.zfs.receive(this.target, this.#options).beginRecord(record),
      "check",
    );
    this.#current = record;
    if (wanted) this.#progress.onBegin?.(record);
    return wanted;
  }

  commitRecord(): void {
    const record = this.#current;
    if (record === undefined) throw zfsErrors.receiveBadStream(this.target);
    this.#current = undefined;
    if (this.#dryRun) return;
    const committed = transact(this.#root, (state) => {
      const session = state.zfs.receive(this.target, this.#options);
      const wanted = session.beginRecord(record);
      session.commitRecord();
      return wanted;
    });
    if (!committed) return;
    this.#received.push(`${this.target}@${record.snapshotName}`);
    this.#progress.onCommit?.(record);
  }

  interrupt(payloadBytes: number, stop: StreamStop): FakeZfsError {
    const record = this.#current;
    this.#current = undefined;
    if (record === undefined) return zfsErrors.receiveReadFailed(this.target);
    if (this.#dryRun) {
      const action = receiveAction(record);
      return stop === "truncated"
        ? zfsErrors.receiveIncomplete(action, this.target, undefined)
        : zfsErrors.receiveChecksum(action, this.target, undefined);
    }
    return transact(this.#root, (state) => {
      const session = state.zfs.receive(this.target, this.#options);
      try {
        session.beginRecord(record);
      } catch (error) {
        if (isFakeZfsError(error)) return error;
        throw error;
      }
      return session.interrupt(payloadBytes, stop);
    });
  }
}
