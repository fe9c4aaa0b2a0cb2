import type { Writable } from "node:stream";
import type { Dataset } from "../model/dataset.js";
import type { SnapshotOrBookmark } from "../model/snapshot.js";

/** What an endpoint can do, so the planner and executor can adapt instead of failing late. */
export interface EndpointCapabilities {
  /** `zfs send -w`: raw (still encrypted) streams. */
  readonly raw: boolean;
  /** `zfs receive -s` and `zfs send -t TOKEN`. */
  readonly resume: boolean;
  /** `zfs bookmark` and incremental sends from a bookmark. */
  readonly bookmarks: boolean;
  /** `zfs hold` / `zfs release`. */
  readonly holds: boolean;
}

/** One `zfs send`. Exactly one of `snapshot` (optionally with `from`) or `resumeToken`. */
export interface SendRequest {
  /** Full name of the snapshot to send: `tank/data@daily-3`. Ignored with `resumeToken`. */
  readonly snapshot: string;
  /**
   * Incremental base: a snapshot (`tank/data@daily-1`) or bookmark (`tank/data#daily-1`).
   * Absent for a full stream.
   */
  readonly from?: string;
  /**
   * With `from`: true sends every intermediate snapshot (`-I`), false only the
   * difference (`-i`). ZFS refuses `-I` from a bookmark.
   */
  readonly intermediates?: boolean;
  /** `-w`: send the blocks as stored, still encrypted. Non-raw sends use `-L -e -c`. */
  readonly raw: boolean;
  /** `-t TOKEN`: resume an interrupted stream. */
  readonly resumeToken?: string;
}

/** One `zfs receive`. zrelay always receives with `-u`: backups are never mounted. */
export interface ReceiveRequest {
  /** Target dataset (not a snapshot name). */
  readonly dataset: string;
  /** `-s`: keep partial state so an interrupted receive can resume. */
  readonly resumable: boolean;
  /**
   * `-F`: roll back / replace the target first. Only ever set from an explicit
   * plan step the user allowed; never a default.
   */
  readonly force?: boolean;
  /** `-o name=value`. */
  readonly setProperties?: Readonly<Record<string, string>>;
  /** `-x name`. */
  readonly excludeProperties?: readonly string[];
}

/**
 * Where a send writes its bytes. When `inheritable` is true the writable is the
 * stdin pipe of a local child process: a sender that is itself a local process
 * may hand that pipe to its child so the bytes never pass through Node.
 */
export interface ByteSink {
  readonly writable: Writable;
  readonly inheritable: boolean;
}

export interface TransferProgress {
  /** Bytes moved so far (may lag a little on the fd-handoff path, see docs). */
  readonly bytes: number;
}

/** A running `zfs send`. */
export interface SendHandle {
  /** Resolves with the byte count when the stream was fully written and the send exited 0. */
  readonly done: Promise<{ readonly bytes: number }>;
  /** Bytes sent so far. */
  progress(): TransferProgress;
  /** Stop the send now (kill the process / destroy the stream). Idempotent. */
  abort(reason?: Error): void;
}

/** A running `zfs receive`. */
export interface ReceiveHandle {
  /** Where the sender writes. */
  readonly sink: ByteSink;
  /** Resolves when the receive committed; rejects with a ZrelayError. */
  readonly done: Promise<void>;
  /** Stop the receive now. A resumable receive stays resumable. Idempotent. */
  abort(reason?: Error): void;
}

export interface CreateDatasetOptions {
  /** Properties for every dataset created, e.g. `{ canmount: "off" }`. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * The ZFS-semantic port. Each method is one ZFS operation on one host; the
 * planner only ever sees data read through it, and the executor only ever
 * changes a host through it. Every name passed in has been validated.
 */
export interface ZfsEndpoint {
  /** Host for messages: `localhost`, `host-storage` or `backup@host-storage`. */
  readonly host: string;
  readonly capabilities: EndpointCapabilities;

  /**
   * `root` and every filesystem and volume below it, parents before children,
   * with their properties. An absent root gives an empty list, not an error.
   */
  listDatasets(root: string): Promise<Dataset[]>;

  /**
   * Every snapshot and bookmark of `root` and all its descendants in one call,
   * oldest first within each dataset. An absent root gives an empty list.
   */
  listSnapshots(root: string): Promise<SnapshotOrBookmark[]>;

  /** Size in bytes `zfs send -nP` expects for this request, if the endpoint can tell. */
  estimateSendSize(request: SendRequest): Promise<number | undefined>;

  /** Start `zfs send` writing into `sink`. Failures surface on `done`. */
  send(request: SendRequest, sink: ByteSink): SendHandle;

  /** Start `zfs receive -u`. Failures surface on `done`. */
  receive(request: ReceiveRequest): ReceiveHandle;

  /** `zfs receive -A`: discard the partial state of an interrupted resumable receive. */
  abortResumableReceive(dataset: string): Promise<void>;

  /**
   * Create every missing ancestor of `dataset` (not `dataset` itself), top down,
   * with `options.properties` (zrelay passes `canmount=off`). Existing ones are left alone.
   */
  createParents(dataset: string, options?: CreateDatasetOptions): Promise<void>;

  /** `zfs hold TAG snapshot`. */
  hold(snapshot: string, tag: string): Promise<void>;
  /** `zfs release TAG snapshot`. */
  release(snapshot: string, tag: string): Promise<void>;
  /** Tags of the holds on a snapshot (`zfs holds -H`). */
  holds(snapshot: string): Promise<string[]>;

  /**
   * `zfs snapshot a@x b@x …`: every snapshot in one command, which OpenZFS takes
   * atomically (one transaction group): all are created or none. All must be in
   * one pool, at most one per dataset; a bad or existing name fails the whole call.
   */
  createSnapshots(snapshots: readonly string[]): Promise<void>;

  /** `zfs bookmark snapshot bookmark` (`tank/data@a` → `tank/data#a`). */
  bookmark(snapshot: string, bookmark: string): Promise<void>;

  /**
   * DESTRUCTIVE. `zfs rollback -r snapshot`: destroys every later snapshot.
   * Called only from a plan step the user allowed and saw.
   */
  rollback(snapshot: string): Promise<void>;

  /**
   * DESTRUCTIVE. `zfs destroy` of one snapshot or bookmark (never a dataset).
   * Called only from a plan step the user allowed and saw.
   */
  destroy(snapshotOrBookmark: string): Promise<void>;

  /**
   * DESTRUCTIVE. One `zfs destroy dataset@a,b,c`: the snapshots `shortNames` of
   * `dataset` (never `-r`, never a dataset), all or none (OpenZFS destroys a
   * list atomically; a held one fails the call with SNAPSHOT_HELD). Names that
   * no longer exist are skipped; an empty list runs nothing. Called only for a
   * retention rule the user configured, after the plan showed each snapshot.
   */
  destroySnapshots(dataset: string, shortNames: readonly string[]): Promise<void>;
}
