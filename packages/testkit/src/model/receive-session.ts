import { insertDataset } from "./dataset-lifecycle.js";
import type { FakeZfsError } from "./fake-zfs-error.js";
import type { PartialReceiveRecord, SnapshotRecord } from "./fake-zfs-state.js";
import {
  checkReceiveProperties,
  checkRecord,
  type ReceiveDecision,
  type ReceiveOptions,
  receiveAction,
} from "./receive-checks.js";
import { resumeTokenFor } from "./receive-resume-token.js";
import { assertDestroyable } from "./snapshot-lifecycle.js";
import type { TransferRecord } from "./transfer-record.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import type { ZfsStore } from "./zfs-store.js";

/** Why a stream stopped before its end marker. */
export type StreamStop = "truncated" | "checksum";

/**
 * One `zfs receive` into `target`, driven record by record by whoever decodes
 * the stream: `beginRecord` when a header arrives (the checks ZFS makes before
 * reading data), `commitRecord` when its payload is complete (each snapshot of
 * a `-I` stream commits on its own, as in ZFS), `interrupt` when the stream
 * stops early. Every method throws or returns the FakeZfsError `zfs receive` would print.
 */
export class ReceiveSession {
  readonly target: string;
  readonly #store: ZfsStore;
  readonly #options: ReceiveOptions;
  #current: { record: TransferRecord; decision: ReceiveDecision } | undefined;
  readonly #received: string[] = [];

  constructor(store: ZfsStore, target: string, options: ReceiveOptions = {}) {
    checkReceiveProperties(options);
    this.#store = store;
    this.target = target;
    this.#options = options;
  }

  /** Full names of the snapshots committed so far, in order. */
  get received(): readonly string[] {
    return this.#received;
  }

  /** The record whose header arrived and whose payload is still coming, if any. */
  get currentRecord(): TransferRecord | undefined {
    return this.#current?.record;
  }

  /** Checks a record header; false when ZFS would skip it (that snapshot is already here). */
  beginRecord(record: TransferRecord): boolean {
    if (this.#current !== undefined) throw zfsErrors.receiveBadStream(this.target);
    const decision = checkRecord(this.#store, this.target, record, this.#options);
    this.#current = { record, decision };
    if (decision.kind === "new-dataset") {
      const created = insertDataset(this.#store, this.target, record.type, this.#options.setProperties ?? {});
      created.inconsistent = true;
      if (record.raw && record.encryption) {
        created.encryptionRoot = created.name;
        const { algorithm, keyformat, keyId, keyDigest } = record.encryption;
        // The received root asks for its key (`keylocation=prompt`) until told where it is.
        created.key = { algorithm, keyformat, keyId, keyDigest, loaded: false, keylocation: "prompt" };
      }
    }
    return decision.kind !== "skip";
  }

  /** The current record's payload arrived whole and verified: commit its snapshot. */
  commitRecord(): void {
    const current = this.#current;
    if (current === undefined) throw zfsErrors.receiveBadStream(this.target);
    this.#current = undefined;
    const { record, decision } = current;
    if (decision.kind === "skip") return;
    const dataset = this.#store.requireDataset(this.target);
    if (decision.kind === "existing" && decision.rollbackTo !== undefined) {
      const base = decision.rollbackTo;
      const newer = dataset.snapshots.filter((s) => s.createtxg > base.createtxg);
      try {
        for (const snapshot of newer) assertDestroyable(dataset, snapshot);
      } catch {
        throw zfsErrors.receiveBusy(receiveAction(record), this.target);
      }
      dataset.snapshots = dataset.snapshots.filter((s) => !newer.includes(s));
    }
    const txg = this.#store.nextTxg(this.target);
    const snapshot: SnapshotRecord = {
      name: record.snapshotName,
      guid: record.guid,
      createtxg: txg,
      creation: record.creation,
      files: record.files,
      payloadBytes: record.payloadBytes,
      holds: {},
      // A plain `zfs receive` (no -p/-R) brings no snapshot properties.
    };
    if (decision.kind === "existing" && decision.replace) dataset.guid = this.#store.newGuid();
    dataset.snapshots.push(snapshot);
    dataset.files = record.files;
    dataset.writtenTxg = txg;
    dataset.partialReceive = undefined;
    dataset.inconsistent = false;
    Object.assign(dataset.properties, withoutEncryption(this.#options.setProperties));
    this.#received.push(`${this.target}@${record.snapshotName}`);
  }

  /**
   * The stream stopped inside the current record after `payloadBytes` of its
   * payload (counted from the snapshot's start, resume offset included).
   * With `-s` the partial state and its token stay; without, what the
   * receive created goes. Returns the error `zfs receive` prints.
   */
  interrupt(payloadBytes: number, stop: StreamStop): FakeZfsError {
    const current = this.#current;
    this.#current = undefined;
    if (current === undefined) return zfsErrors.receiveReadFailed(this.target);
    const { record, decision } = current;
    const action = receiveAction(record);
    let token: string | undefined;
    const dataset = this.#store.dataset(this.target);
    if (decision.kind !== "skip" && dataset !== undefined) {
      const newDataset = decision.kind === "new-dataset" || decision.resumed?.newDataset === true;
      if (this.#options.resumable) {
        const partial: PartialReceiveRecord = {
          record: { ...record, resuming: false, resumeOffset: 0 },
          payloadBytes,
          newDataset,
        };
        dataset.partialReceive = partial;
        token = resumeTokenFor(partial);
      } else if (newDataset) {
        delete this.#store.state.datasets[this.target];
      } else {
        dataset.partialReceive = undefined;
      }
    }
    return stop === "truncated"
      ? zfsErrors.receiveIncomplete(action, this.target, token)
      : zfsErrors.receiveChecksum(action, this.target, token);
  }
}

/** `zfs receive -A TARGET`: drop an interrupted receive's state (and the dataset it created). */
export function abortResumableReceive(store: ZfsStore, target: string): void {
  const dataset = store.requireDataset(target, () => zfsErrors.notFound(target, 2));
  const partial = dataset.partialReceive;
  if (partial === undefined) throw zfsErrors.abortNothing(target);
  store.nextTxg(target);
  if (partial.newDataset) delete store.state.datasets[target];
  else dataset.partialReceive = undefined;
}

function withoutEncryption(properties: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties ?? {})) {
    if (!["encryption", "keyformat", "keylocation", "pbkdf2iters"].includes(name)) kept[name] = value;
  }
  return kept;
}
