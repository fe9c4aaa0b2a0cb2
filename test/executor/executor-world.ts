import { Writable } from "node:stream";
import type { DatasetPlan, ExecutorEvent, PlanStep, SendHandle, Snapshot, ZfsEndpoint } from "@zrelay/core";
import { createFakeEndpoint, type FakeEndpoint, FakeZfs, PAYLOAD_BYTES_PROPERTY } from "@zrelay/testkit";

/** Every guid the fakes draw is above 2^53, so a lossy Number conversion would show. */
const guidSeed = 2n ** 53n + 12_345n;

/** A source host with pool `tank` and a backup host with pool `backup`, both fake. */
export function createWorld() {
  const clock = () => 1_767_225_600_000;
  const sourceZfs = new FakeZfs({ clock, guidSeed });
  sourceZfs.createPool("tank");
  const targetZfs = new FakeZfs({ clock, guidSeed: guidSeed * 3n });
  targetZfs.createPool("backup");
  return {
    sourceZfs,
    targetZfs,
    source: createFakeEndpoint(sourceZfs, { host: "host-storage" }),
    target: createFakeEndpoint(targetZfs, { host: "localhost" }),
  };
}

/** Creates `dataset` (parents included) with one snapshot per name, each after writing `file.txt`. */
export function snapshotSeries(
  zfs: FakeZfs,
  dataset: string,
  names: readonly string[],
  payloadBytes?: number,
) {
  if (!zfs.exists(dataset)) {
    const properties: Record<string, string> = {};
    if (payloadBytes !== undefined) properties[PAYLOAD_BYTES_PROPERTY] = String(payloadBytes);
    zfs.createDataset(dataset, { parents: true, properties });
  }
  for (const name of names) {
    zfs.writeFile(dataset, "file.txt", `${dataset} as of ${name}`);
    zfs.snapshot(`${dataset}@${name}`);
  }
}

/** The snapshots of exactly `dataset`, oldest first, as the port lists them. */
export async function snapshotsOf(endpoint: ZfsEndpoint, dataset: string): Promise<Snapshot[]> {
  const points = await endpoint.listSnapshots(dataset);
  return points.filter((p): p is Snapshot => p.kind === "snapshot" && p.dataset === dataset);
}

export function replicatePlan(source: string, target: string, steps: readonly PlanStep[]): DatasetPlan {
  return { outcome: "replicate", source, target, steps, notes: [] };
}

/** A plan as the planner would make it for a target that does not exist yet. */
export async function fullPlan(world: { source: ZfsEndpoint }, source: string, target: string) {
  const snapshots = await snapshotsOf(world.source, source);
  const [first, ...rest] = snapshots;
  if (first === undefined) throw new Error(`${source} has no snapshots`);
  const steps: PlanStep[] = [
    { kind: "create-parents" },
    { kind: "full", snapshot: first, raw: false, force: false },
  ];
  const [second, ...more] = rest;
  if (second !== undefined) {
    steps.push({
      kind: "incremental",
      from: first,
      intermediates: true,
      raw: false,
      snapshots: [second, ...more],
    });
  }
  return replicatePlan(source, target, steps);
}

/** Collects events, for exact assertions on what a user would see rendered. */
export function eventLog() {
  const events: ExecutorEvent[] = [];
  return {
    events,
    onEvent: (event: ExecutorEvent) => events.push(event),
    kinds: () => events.map((e) => e.kind),
    /** `kind target` lines, to compare ordering across datasets. */
    lines: () => events.filter((e) => e.kind !== "progress").map((e) => `${e.kind} ${e.target}`),
  };
}

/** The source endpoint with every SendHandle it hands out recorded, and whether each was aborted. */
export function recordingSends(endpoint: FakeEndpoint) {
  const sends: { handle: SendHandle; aborted: boolean }[] = [];
  const wrapped: FakeEndpoint = {
    ...endpoint,
    send(request, sink) {
      const handle = endpoint.send(request, sink);
      const entry = { handle, aborted: false };
      sends.push(entry);
      return {
        done: handle.done,
        progress: () => handle.progress(),
        abort(reason) {
          entry.aborted = true;
          handle.abort(reason);
        },
      };
    },
  };
  return { endpoint: wrapped, sends };
}

/** The source endpoint whose sends call `onBytes` once `limit` bytes went into the receive's sink. */
export function callingAfterBytes(endpoint: FakeEndpoint, limit: number, onBytes: () => void): FakeEndpoint {
  return {
    ...endpoint,
    send(request, sink) {
      let written = 0;
      const inner = sink.writable;
      const writable = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          const before = written;
          written += chunk.length;
          inner.write(chunk, (error) => {
            if (before < limit && written >= limit) onBytes();
            callback(error);
          });
        },
        final(callback) {
          inner.end(callback);
        },
        destroy(error, callback) {
          inner.destroy(error ?? undefined);
          callback(error);
        },
      });
      return endpoint.send(request, { writable, inheritable: false });
    },
  };
}

/** Settled state of a promise right now (after pending microtasks ran). */
export async function stateOf(promise: Promise<unknown>): Promise<"pending" | "fulfilled" | "rejected"> {
  const pending = Symbol("pending");
  const result = await Promise.race([
    promise.then(
      () => "fulfilled" as const,
      () => "rejected" as const,
    ),
    new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending))),
  ]);
  return result === pending ? "pending" : result;
}

/** Rejects when `promise` does not settle within `ms`, so a hang fails one test instead of the run. */
export function within<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms (hung?)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
