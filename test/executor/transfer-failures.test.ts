import {
  ErrorCode,
  executeDatasetPlan,
  isTransferError,
  silentTicker,
  type TransferError,
} from "@zrelay/core";
import { describe, expect, it } from "vitest";
import {
  callingAfterBytes,
  createWorld,
  eventLog,
  fullPlan,
  recordingSends,
  snapshotSeries,
  stateOf,
  within,
} from "./executor-world.js";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return within(
    promise.then(
      () => {
        throw new Error("expected the dataset to fail");
      },
      (error: unknown) => error,
    ),
  );
}

async function transferFailure(promise: Promise<unknown>): Promise<TransferError> {
  const error = await rejection(promise);
  if (!isTransferError(error)) throw new Error(`expected a TransferError, got ${String(error)}`);
  return error;
}

describe("a failing transfer", () => {
  it("kills the send when the receive fails part-way, and the error names the receive first", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"], 16 * 1024 * 1024);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    const recorded = recordingSends(world.source);
    world.target.injectFaults({ receiveFailsAfterBytes: 64 * 1024 });
    const log = eventLog();

    const error = await transferFailure(
      executeDatasetPlan(plan, {
        source: recorded.endpoint,
        target: world.target,
        onEvent: log.onEvent,
        progressTicker: silentTicker,
      }),
    );

    const [send] = recorded.sends;
    expect(recorded.sends).toHaveLength(1);
    expect(send?.aborted).toBe(true);
    expect(await stateOf(send?.handle.done ?? Promise.resolve())).toBe("rejected");
    // Stopped, not drained: far less than the 16 MiB stream was produced.
    expect(send?.handle.progress().bytes).toBeLessThan(4 * 1024 * 1024);
    expect(error.rootCause).toBe("receive");
    expect(error.message).toMatch(
      /^receive into backup\/data on localhost failed: cannot receive new filesystem stream: .*incomplete stream.*; send from tank\/data on host-storage was stopped$/s,
    );
    expect(error).toMatchObject({ code: ErrorCode.TRANSFER_INTERRUPTED, host: "localhost", retryable: true });
    expect(error.send).toMatchObject({ outcome: "stopped", host: "host-storage", dataset: "tank/data" });
    expect(error.receive).toMatchObject({ outcome: "failed", host: "localhost", dataset: "backup/data" });
    expect(log.kinds().slice(-2)).toEqual(["step-start", "dataset-failed"]);
  });

  it("aborts the receive when the send dies part-way, leaving a resume token with -s", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"], 1024 * 1024);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    world.source.injectFaults({ sendFailsAfterBytes: 200 * 1024 });

    const error = await transferFailure(
      executeDatasetPlan(plan, { source: world.source, target: world.target, progressTicker: silentTicker }),
    );

    expect(error.retryable).toBe(true);
    expect(error.message).toContain("tank/data on host-storage");
    expect(error.message).toContain("backup/data on localhost");
    const token = world.targetZfs.dataset("backup/data").resumeToken;
    expect(token).toMatch(/^1-/);
  });

  it("leaves no resume token when the receive was not resumable", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"], 1024 * 1024);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    world.source.injectFaults({ sendFailsAfterBytes: 200 * 1024 });

    await rejection(
      executeDatasetPlan(plan, {
        source: world.source,
        target: world.target,
        resumable: false,
        progressTicker: silentTicker,
      }),
    );
    expect(world.targetZfs.exists("backup/data")).toBe(false);
  });

  it("stops both sides and fails with CANCELLED when the signal fires mid-stream", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"], 4 * 1024 * 1024);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    const controller = new AbortController();
    const recorded = recordingSends(callingAfterBytes(world.source, 256 * 1024, () => controller.abort()));
    const log = eventLog();

    const error = await rejection(
      executeDatasetPlan(plan, {
        source: recorded.endpoint,
        target: world.target,
        signal: controller.signal,
        onEvent: log.onEvent,
        progressTicker: silentTicker,
      }),
    );

    expect(error).toMatchObject({
      code: ErrorCode.CANCELLED,
      message: "replication of tank/data into backup/data on localhost was cancelled",
    });
    expect(recorded.sends[0]?.aborted).toBe(true);
    expect(await stateOf(recorded.sends[0]?.handle.done ?? Promise.resolve())).toBe("rejected");
    expect(world.targetZfs.dataset("backup/data").resumeToken).toMatch(/^1-/);
    expect(log.events.at(-1)).toMatchObject({ kind: "dataset-failed", error: { code: ErrorCode.CANCELLED } });
  });

  it("passes the endpoint's own error through for a failing step that is not a transfer", async () => {
    const world = createWorld();
    snapshotSeries(world.sourceZfs, "tank/data", ["a"]);
    const plan = await fullPlan(world, "tank/data", "backup/data");
    const withAbort = {
      ...plan,
      steps: [{ kind: "abort-resume", dataset: "backup/data", reason: "stale" } as const],
    };

    const error = await rejection(
      executeDatasetPlan(withAbort, { source: world.source, target: world.target }),
    );
    expect(error).toMatchObject({ code: ErrorCode.DATASET_NOT_FOUND, host: "localhost" });
  });
});
