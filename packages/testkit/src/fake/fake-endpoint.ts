import {
  ancestorsOf,
  type Dataset,
  type EndpointCapabilities,
  ErrorCode,
  parseDatasetName,
  parseSnapshotName,
  type SnapshotOrBookmark,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";
import type { FakeZfs } from "../model/fake-zfs.js";
import { splitPointName } from "../model/zfs-names.js";
import { encodedStreamLength } from "../stream/stream-encoder.js";
import { type FakeFaults, FaultPlan } from "./fake-faults.js";
import { startFakeReceive } from "./fake-receive.js";
import { startFakeSend } from "./fake-send.js";
import { toZrelayError, unsupported } from "./zfs-error-mapping.js";

/** Options of `createFakeEndpoint`. */
export interface FakeEndpointOptions {
  /** Host named in errors and `endpoint.host`. Default `fake`. */
  readonly host?: string;
  /**
   * Capabilities to report, each true unless set false. A call needing a
   * capability that is off fails with UNSUPPORTED, so a planner or executor
   * that ignores capabilities is caught.
   */
  readonly capabilities?: Partial<EndpointCapabilities>;
  /** Faults applied to every send and receive. */
  readonly faults?: FakeFaults;
}

/** The fake endpoint plus what tests need beside the port. */
export interface FakeEndpoint extends ZfsEndpoint {
  /** The model behind it: create pools and datasets, write files, inspect results. */
  readonly zfs: FakeZfs;
  /** Faults for the next send (`sendFailsAfterBytes`) and the next receive (the others), used once. */
  injectFaults(faults: FakeFaults): void;
}

/** A ZfsEndpoint over a FakeZfs with real ZFS semantics and exact ZFS error texts. */
export function createFakeEndpoint(zfs: FakeZfs, options: FakeEndpointOptions = {}): FakeEndpoint {
  const host = options.host ?? "fake";
  const capabilities: EndpointCapabilities = Object.freeze({
    raw: options.capabilities?.raw ?? true,
    resume: options.capabilities?.resume ?? true,
    bookmarks: options.capabilities?.bookmarks ?? true,
    holds: options.capabilities?.holds ?? true,
  });
  const faults = new FaultPlan(options.faults);
  // Every operation runs after a microtask, like a process, and fails as a ZrelayError.
  const run = async <T>(operation: () => T, kind = "other"): Promise<T> => {
    await Promise.resolve();
    try {
      return operation();
    } catch (error) {
      throw toZrelayError(error, host, kind);
    }
  };
  const need = (capability: keyof EndpointCapabilities, what: string) => {
    if (!capabilities[capability]) throw unsupported(host, capability, what);
  };
  const checkSend = (request: Parameters<ZfsEndpoint["send"]>[0]) => {
    if (request.raw) need("raw", "raw send (zfs send -w)");
    if (request.resumeToken !== undefined) need("resume", "resuming a send (zfs send -t)");
    if (request.from?.includes("#")) need("bookmarks", "sending from a bookmark");
  };

  return Object.freeze({
    host,
    capabilities,
    zfs,
    injectFaults: (next: FakeFaults) => faults.next(next),
    listDatasets: (root: string) => run(() => zfs.listDatasets(root).map(toDataset)),
    listSnapshots: (root: string) => run(() => zfs.listSnapshots(root).map(toPoint)),
    estimateSendSize: (request) =>
      run(() => {
        checkSend(request);
        return encodedStreamLength(zfs.planSend(request));
      }, "send"),
    send: (request, sink) =>
      startFakeSend(zfs, request, sink, {
        host,
        faults: faults.takeForSend(),
        precheck: () => checkSend(request),
      }),
    receive: (request) =>
      startFakeReceive(zfs, request, {
        host,
        faults: faults.takeForReceive(),
        precheck: () => {
          if (request.resumable) need("resume", "resumable receive (zfs receive -s)");
        },
      }),
    abortResumableReceive: (dataset: string) =>
      run(() => {
        need("resume", "zfs receive -A");
        zfs.abortResumableReceive(dataset);
      }),
    createParents: (dataset, createOptions) =>
      run(() => {
        for (const ancestor of ancestorsOf(dataset)) {
          if (!zfs.exists(ancestor))
            zfs.createDataset(ancestor, { properties: createOptions?.properties ?? {} });
        }
      }),
    hold: (snapshot, tag) =>
      run(() => {
        need("holds", "zfs hold");
        zfs.hold(snapshot, tag);
      }),
    release: (snapshot, tag) =>
      run(() => {
        need("holds", "zfs release");
        zfs.release(snapshot, tag);
      }),
    holds: (snapshot) =>
      run(() => {
        need("holds", "zfs holds");
        return zfs.holds(snapshot).map((hold) => hold.tag);
      }),
    createSnapshots: (snapshots) =>
      run(() => {
        zfs.snapshots(snapshots);
      }),
    bookmark: (snapshot, bookmark) =>
      run(() => {
        need("bookmarks", "zfs bookmark");
        zfs.bookmark(snapshot, bookmark);
      }),
    rollback: (snapshot) =>
      run(() => {
        zfs.rollback(snapshot, { destroyNewer: true });
      }),
    destroy: (name) =>
      run(() => {
        if (splitPointName(name) === undefined) {
          // The command endpoint's code: a dataset name is not a name destroy() takes.
          throw new ZrelayError(
            ErrorCode.INVALID_NAME,
            `refusing to destroy the dataset ${name} on ${host}`,
            {
              host,
              dataset: name,
              hint: "destroy() takes a snapshot (@) or bookmark (#) name, never a dataset.",
            },
          );
        }
        zfs.destroy(name);
      }),
    destroySnapshots: (dataset, shortNames) =>
      run(() => {
        const name = parseDatasetName(dataset, { host });
        for (const short of shortNames) parseSnapshotName(`${name}@${short}`, { host });
        // A missing dataset is DATASET_NOT_FOUND (from the model), as `zfs destroy` says.
        const present = zfs.exists(name)
          ? shortNames.filter((short) => zfs.exists(`${name}@${short}`))
          : shortNames;
        if (present.length > 0) zfs.destroySnapshots(name, present);
      }),
  } satisfies FakeEndpoint);
}

function toDataset(view: ReturnType<FakeZfs["listDatasets"]>[number]): Dataset {
  return {
    name: view.name,
    type: view.type,
    guid: view.guid,
    encryption: view.encryption,
    encryptionRoot: view.encryptionRoot,
    keyStatus: view.keyStatus,
    canmount: view.canmount,
    resumeToken: view.resumeToken,
    written: view.written,
  };
}

function toPoint(point: ReturnType<FakeZfs["listSnapshots"]>[number]): SnapshotOrBookmark {
  const { kind, dataset, name, guid, createtxg, creation } = point;
  return point.kind === "snapshot"
    ? { kind: point.kind, dataset, name, guid, createtxg, creation, userrefs: point.holds.length }
    : { kind, dataset, name, guid, createtxg, creation };
}
