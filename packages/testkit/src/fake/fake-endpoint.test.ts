import {
  decodeResumeToken,
  ErrorCode,
  type ReceiveRequest,
  type SendRequest,
  ZrelayError,
} from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { FakeZfs } from "../model/fake-zfs.js";
import { createFakeEndpoint, type FakeEndpoint, type FakeEndpointOptions } from "./fake-endpoint.js";

function hosts(targetOptions: FakeEndpointOptions = {}) {
  let now = Date.UTC(2026, 0, 1);
  const clock = () => (now += 1000);
  const sourceZfs = new FakeZfs({ clock, guidSeed: 11n });
  const targetZfs = new FakeZfs({ clock, guidSeed: 22n });
  sourceZfs.createPool("src");
  targetZfs.createPool("dst");
  sourceZfs.createDataset("src/data");
  sourceZfs.setProperty("src/data", "zrelay:fake-stream-bytes", String(3 * 1024 * 1024 + 17));
  for (const name of ["a", "b", "c"]) {
    sourceZfs.writeFile("src/data", "file", `content ${name}`);
    sourceZfs.snapshot(`src/data@${name}`);
  }
  return {
    source: createFakeEndpoint(sourceZfs, { host: "src-host" }),
    target: createFakeEndpoint(targetZfs, { host: "dst-host", ...targetOptions }),
  };
}

async function transfer(
  source: FakeEndpoint,
  target: FakeEndpoint,
  send: Partial<SendRequest>,
  receive: Partial<ReceiveRequest> = {},
) {
  const receiving = target.receive({ dataset: "dst/data", resumable: true, ...receive });
  const sending = source.send({ snapshot: "src/data@a", raw: false, ...send }, receiving.sink);
  const [sent, received] = await Promise.allSettled([sending.done, receiving.done]);
  return { sent, received, progress: sending.progress() };
}

async function rejection(promise: Promise<unknown>): Promise<ZrelayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ZrelayError)) throw new Error(`expected a ZrelayError, got ${String(error)}`);
  return error;
}

const guids = async (endpoint: FakeEndpoint, root: string) =>
  (await endpoint.listSnapshots(root)).map((p) => `${p.kind === "snapshot" ? "@" : "#"}${p.name} ${p.guid}`);

describe("fake endpoint transfers", () => {
  it("refuses a receive into a modified target with the command adapter's hint, naming its latest snapshot", async () => {
    const { source, target } = hosts();
    expect((await transfer(source, target, {})).received.status).toBe("fulfilled");
    target.zfs.writeFile("dst/data", "stray", "written by hand");
    const { received } = await transfer(source, target, { from: "src/data@a", snapshot: "src/data@c" });
    expect(received).toMatchObject({ status: "rejected", reason: { code: ErrorCode.DESTINATION_MODIFIED } });
    const hint = received.status === "rejected" ? (received.reason as ZrelayError).hint : undefined;
    expect(hint).toBe(
      "Something changed dst/data on dst-host after its most recent snapshot (often atime updates or a process writing into a mounted backup). See what with `zfs diff dst/data@a`, discard it with `zfs rollback dst/data@a`, and keep backups unchanged with `zfs set readonly=on dst/data`.",
    );
  });

  it("replicates full then -I, with the same guids and files on the target", async () => {
    const { source, target } = hosts();
    const full = await transfer(source, target, {});
    expect(full.sent).toMatchObject({ status: "fulfilled", value: { bytes: full.progress.bytes } });
    expect(full.received.status).toBe("fulfilled");
    await transfer(source, target, { snapshot: "src/data@c", from: "src/data@a", intermediates: true });
    expect(await guids(target, "dst/data")).toEqual(await guids(source, "src/data"));
    expect(Buffer.from(target.zfs.readFile("dst/data@b", "file") ?? []).toString()).toBe("content b");
    expect(await target.listDatasets("dst")).toMatchObject([
      { name: "dst", encryption: "off", keyStatus: "none" },
      { name: "dst/data", resumeToken: undefined, canmount: "on" },
    ]);
  });

  it("sends -i from a bookmark and refuses -I from one with ZFS's message", async () => {
    const { source, target } = hosts();
    await transfer(source, target, {});
    await source.bookmark("src/data@a", "src/data#a");
    const refused = await transfer(source, target, {
      snapshot: "src/data@c",
      from: "src/data#a",
      intermediates: true,
    });
    expect(refused.sent).toMatchObject({
      status: "rejected",
      reason: {
        code: ErrorCode.UNSUPPORTED,
        message: "Error: multiple snapshots cannot be sent from a bookmark.",
        host: "src-host",
      },
    });
    expect(refused.received).toMatchObject({
      status: "rejected",
      reason: { message: "cannot receive: failed to read from stream" },
    });
    const sent = await transfer(source, target, { snapshot: "src/data@c", from: "src/data#a" });
    expect(sent.received.status).toBe("fulfilled");
    expect((await target.listSnapshots("dst")).map((p) => p.name)).toEqual(["a", "c"]);
  });

  it.each([
    [
      "a full stream onto an existing target",
      {},
      ErrorCode.DATASET_EXISTS,
      "cannot receive new filesystem stream: destination 'dst/data' exists\nmust specify -F to overwrite it",
    ],
    [
      "an incremental the target has no base for",
      { snapshot: "src/data@c", from: "src/data@b" },
      ErrorCode.INCREMENTAL_MISMATCH,
      "cannot receive incremental stream: most recent snapshot of dst/data does not\nmatch incremental source",
    ],
  ])("refuses %s", async (_name, send, code, message) => {
    const { source, target } = hosts();
    await transfer(source, target, {});
    const { sent, received } = await transfer(source, target, send);
    expect(received).toMatchObject({
      status: "rejected",
      reason: { code, message, host: "dst-host", dataset: "dst/data" },
    });
    expect(sent).toMatchObject({ status: "rejected", reason: { code: ErrorCode.TRANSFER_INTERRUPTED } });
  });

  it("refuses an incremental onto a modified target", async () => {
    const { source, target } = hosts();
    await transfer(source, target, {});
    target.zfs.writeFile("dst/data", "stray", "x");
    const { received } = await transfer(source, target, { snapshot: "src/data@b", from: "src/data@a" });
    expect(received).toMatchObject({
      status: "rejected",
      reason: {
        code: ErrorCode.DESTINATION_MODIFIED,
        message:
          "cannot receive incremental stream: destination dst/data has been modified\nsince most recent snapshot",
      },
    });
  });

  it("keeps raw streams encrypted and refuses a non-raw send without the key", async () => {
    const { source, target } = hosts();
    source.zfs.createDataset("src/secret", { properties: { encryption: "on", keyformat: "passphrase" } });
    source.zfs.writeFile("src/secret", "f", "classified");
    source.zfs.snapshot("src/secret@1");
    source.zfs.unloadKey("src/secret");
    const plain = await transfer(source, target, { snapshot: "src/secret@1" }, { dataset: "dst/secret" });
    expect(plain.sent).toMatchObject({
      status: "rejected",
      reason: {
        code: ErrorCode.KEY_NOT_LOADED,
        message: "warning: cannot send 'src/secret@1': dataset key must be loaded",
      },
    });
    const raw = await transfer(
      source,
      target,
      { snapshot: "src/secret@1", raw: true },
      { dataset: "dst/secret" },
    );
    expect(raw.received.status).toBe("fulfilled");
    expect((await target.listDatasets("dst/secret"))[0]).toMatchObject({
      encryption: "aes-256-gcm",
      encryptionRoot: "dst/secret",
      keyStatus: "unavailable",
    });
  });
});

describe("fake endpoint interruptions", () => {
  it("leaves a resume token when the stream is cut, and resuming completes the snapshot", async () => {
    const { source, target } = hosts();
    target.injectFaults({ receiveFailsAfterBytes: 1_000_000 });
    const cut = await transfer(source, target, {});
    expect(cut.received).toMatchObject({
      status: "rejected",
      reason: { code: ErrorCode.TRANSFER_INTERRUPTED, retryable: true },
    });
    const [partial] = await target.listDatasets("dst/data");
    const token = partial?.resumeToken ?? "";
    expect(decodeResumeToken(token)).toMatchObject({ toName: "src/data@a", fromGuid: undefined });
    expect((cut.received as PromiseRejectedResult).reason.message).toContain(`zfs send -t ${token}`);

    const resumed = await transfer(source, target, { resumeToken: token });
    expect(resumed.received.status).toBe("fulfilled");
    expect(resumed.progress.bytes).toBeLessThan(cut.progress.bytes + 3 * 1024 * 1024);
    expect(await guids(target, "dst/data")).toEqual((await guids(source, "src/data")).slice(0, 1));
    expect(Buffer.from(target.zfs.readFile("dst/data@a", "file") ?? []).toString()).toBe("content a");
    expect((await target.listDatasets("dst/data"))[0]?.resumeToken).toBeUndefined();
  });

  it("keeps the snapshots of a cut -I stream that arrived whole; the token is for the next", async () => {
    const { source, target } = hosts();
    await transfer(source, target, {});
    target.injectFaults({ receiveFailsAfterBytes: 4 * 1024 * 1024 });
    await transfer(source, target, { snapshot: "src/data@c", from: "src/data@a", intermediates: true });
    expect((await target.listSnapshots("dst")).map((p) => p.name)).toEqual(["a", "b"]);
    const token = (await target.listDatasets("dst/data"))[0]?.resumeToken ?? "";
    const [, b, c] = await source.listSnapshots("src/data");
    expect(decodeResumeToken(token)).toMatchObject({
      toName: "src/data@c",
      toGuid: c?.guid,
      fromGuid: b?.guid,
    });
  });

  it("fails both sides when the send dies, and receive -A removes the partial new dataset", async () => {
    const { source, target } = hosts();
    source.injectFaults({ sendFailsAfterBytes: 200_000 });
    const { sent, received, progress } = await transfer(source, target, {});
    expect(progress.bytes).toBe(200_000);
    expect(sent).toMatchObject({
      status: "rejected",
      reason: {
        code: ErrorCode.TRANSFER_INTERRUPTED,
        message: "warning: cannot send 'src/data@a': Input/output error",
      },
    });
    expect(received).toMatchObject({ status: "rejected", reason: { code: ErrorCode.TRANSFER_INTERRUPTED } });
    expect((await target.listDatasets("dst/data"))[0]?.resumeToken).toMatch(/^1-/);
    await target.abortResumableReceive("dst/data");
    expect(await target.listDatasets("dst/data")).toEqual([]);
  });

  it("consumes slowly with a delay per chunk and still completes", async () => {
    const { source, target } = hosts({ faults: { receiveDelayMsPerChunk: 1 } });
    const { received } = await transfer(source, target, {});
    expect(received.status).toBe("fulfilled");
  });

  it("aborting a resumable receive keeps it resumable", async () => {
    const { source, target } = hosts();
    const receiving = target.receive({ dataset: "dst/data", resumable: true });
    const sending = source.send({ snapshot: "src/data@a", raw: false }, receiving.sink);
    receiving.abort(new Error("operator stopped it"));
    await Promise.allSettled([sending.done, receiving.done]);
    expect(await rejection(receiving.done)).toMatchObject({ code: ErrorCode.TRANSFER_INTERRUPTED });
  });
});

describe("fake endpoint operations", () => {
  it("creates missing parents with the given properties and leaves existing ones alone", async () => {
    const { target } = hosts();
    await target.createParents("dst/backups/host1/data", { properties: { canmount: "off" } });
    expect((await target.listDatasets("dst")).map((d) => [d.name, d.canmount])).toEqual([
      ["dst", "on"],
      ["dst/backups", "off"],
      ["dst/backups/host1", "off"],
    ]);
  });

  it("lists written as ZFS does: 0 after a snapshot, the bytes changed since it after a write", async () => {
    const zfs = new FakeZfs();
    zfs.createPool("dst");
    zfs.createDataset("dst/copy");
    zfs.writeFile("dst/copy", "kept.txt", "k".repeat(4096));
    zfs.snapshot("dst/copy@s1");
    const endpoint = createFakeEndpoint(zfs, { host: "dst-host" });
    const written = async () => (await endpoint.listDatasets("dst/copy"))[0]?.written;
    expect(await written()).toBe(0);
    zfs.writeFile("dst/copy", "notes.txt", "n".repeat(12 * 1024));
    expect(await written()).toBe(12 * 1024);
    zfs.rollback("dst/copy@s1");
    expect(await written()).toBe(0);
  });

  it("holds, releases and destroys with ZFS's refusal for held snapshots", async () => {
    const { source } = hosts();
    await source.hold("src/data@a", "zrelay");
    expect(await source.holds("src/data@a")).toEqual(["zrelay"]);
    expect(await rejection(source.destroy("src/data@a"))).toMatchObject({
      code: ErrorCode.SNAPSHOT_HELD,
      message:
        "cannot destroy snapshot src/data@a: it's being held. Run 'zfs holds -r src/data@a' to see holders.",
      host: "src-host",
      dataset: "src/data@a",
    });
    await source.release("src/data@a", "zrelay");
    await source.destroy("src/data@a");
    await source.rollback("src/data@b");
    expect((await source.listSnapshots("src")).map((p) => p.name)).toEqual(["b"]);
  });

  it("refuses what its capabilities rule out", async () => {
    const { source, target } = hosts({ capabilities: { resume: false, holds: false } });
    expect(target.capabilities).toEqual({ raw: true, resume: false, bookmarks: true, holds: false });
    expect(await rejection(target.hold("dst", "t"))).toMatchObject({ code: ErrorCode.UNSUPPORTED });
    const { received } = await transfer(source, target, {});
    expect(received).toMatchObject({ status: "rejected", reason: { code: ErrorCode.UNSUPPORTED } });
  });

  it("estimates exactly the bytes a send writes and lists nothing for an absent root", async () => {
    const { source, target } = hosts();
    const estimate = await source.estimateSendSize({ snapshot: "src/data@a", raw: false });
    const { sent } = await transfer(source, target, {});
    expect(sent).toMatchObject({ status: "fulfilled", value: { bytes: estimate } });
    expect(await source.listDatasets("src/none")).toEqual([]);
    expect(await source.listSnapshots("src/none")).toEqual([]);
  });
});
