import { decodeResumeToken, ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { FakeZfs } from "./fake-zfs.js";
import { failure } from "./fake-zfs-failure.fixture.js";
import type { ReceiveOptions } from "./receive-checks.js";
import type { SendPlanRequest } from "./send-planner.js";

/** Source pool `src` with tank-like history and an empty target pool `dst`. */
function pools() {
  let now = Date.UTC(2026, 0, 1);
  const clock = () => (now += 1000);
  const src = new FakeZfs({ clock, guidSeed: 1n });
  const dst = new FakeZfs({ clock, guidSeed: 2n });
  src.createPool("src");
  dst.createPool("dst");
  src.createDataset("src/data");
  for (const name of ["a", "b", "c"]) {
    src.writeFile("src/data", "file", name);
    src.snapshot(`src/data@${name}`);
  }
  return { src, dst };
}

/** Plan on the source and apply every record on the target, as an uninterrupted stream would. */
function replicate(
  src: FakeZfs,
  dst: FakeZfs,
  send: SendPlanRequest,
  target: string,
  options: ReceiveOptions = {},
) {
  const session = dst.receive(target, options);
  for (const record of src.planSend(send)) {
    session.beginRecord(record);
    session.commitRecord();
  }
  return session.received;
}

const guidOf = (zfs: FakeZfs, name: string) => zfs.getProperty(name, "guid").value;

describe("receive", () => {
  it("brings a full stream in as a new dataset with the same guid, files and creation time", () => {
    const { src, dst } = pools();
    expect(replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data")).toEqual(["dst/data@a"]);
    expect(guidOf(dst, "dst/data@a")).toBe(guidOf(src, "src/data@a"));
    expect(dst.getProperty("dst/data@a", "creation")).toEqual(src.getProperty("src/data@a", "creation"));
    expect(Buffer.from(dst.readFile("dst/data@a", "file") ?? []).toString()).toBe("a");
    expect(dst.dataset("dst/data")).toMatchObject({ inconsistent: false, modified: false });
  });

  it("brings every intermediate snapshot of a -I stream, each from the one before", () => {
    const { src, dst } = pools();
    replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data");
    const records = src.planSend({ snapshot: "src/data@c", from: "@a", intermediates: true, raw: false });
    expect(records.map((r) => [r.snapshotName, r.fromGuid])).toEqual([
      ["b", BigInt(guidOf(src, "src/data@a"))],
      ["c", BigInt(guidOf(src, "src/data@b"))],
    ]);
    replicate(
      src,
      dst,
      { snapshot: "src/data@c", from: "src/data@a", intermediates: true, raw: false },
      "dst/data",
    );
    expect(dst.listSnapshots("dst").map((p) => p.name)).toEqual(["a", "b", "c"]);
  });

  it.each([
    [
      "full stream onto an existing dataset",
      { snapshot: "src/data@a", raw: false },
      {},
      "cannot receive new filesystem stream: destination 'dst/data' exists\nmust specify -F to overwrite it",
      ErrorCode.DATASET_EXISTS,
    ],
    [
      "-F full stream onto a dataset with snapshots",
      { snapshot: "src/data@a", raw: false },
      { force: true },
      "cannot receive new filesystem stream: destination has snapshots (eg. dst/data@a)\nmust destroy them to overwrite it",
      ErrorCode.DATASET_EXISTS,
    ],
    [
      "incremental whose base the target lacks",
      { snapshot: "src/data@c", from: "@b", raw: false },
      {},
      "cannot receive incremental stream: most recent snapshot of dst/data does not\nmatch incremental source",
      ErrorCode.INCREMENTAL_MISMATCH,
    ],
  ])("refuses a %s", (_name, send, options, message, code) => {
    const { src, dst } = pools();
    replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data");
    const error = failure(() => replicate(src, dst, send, "dst/data", options));
    expect([error.message, error.code]).toEqual([message, code]);
  });

  it("refuses an incremental onto a modified target unless -F, which discards the changes and newer snapshots", () => {
    const { src, dst } = pools();
    replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data");
    dst.writeFile("dst/data", "stray", "x");
    dst.snapshot("dst/data@local");
    const send = { snapshot: "src/data@b", from: "@a", raw: false };
    expect(failure(() => replicate(src, dst, send, "dst/data")).message).toBe(
      "cannot receive incremental stream: destination dst/data has been modified\nsince most recent snapshot",
    );
    replicate(src, dst, send, "dst/data", { force: true });
    expect(dst.listSnapshots("dst").map((p) => p.name)).toEqual(["a", "b"]);
    expect(dst.listFiles("dst/data")).toEqual(["file"]);
  });

  it("keeps a raw stream encrypted: own encryption root, key unavailable, incrementals still apply", () => {
    const { src, dst } = pools();
    src.createDataset("src/secret", { properties: { encryption: "aes-256-gcm", keyformat: "passphrase" } });
    src.createDataset("src/secret/child");
    src.snapshot("src/secret/child@1");
    src.snapshot("src/secret/child@2");
    src.unloadKey("src/secret");
    expect(failure(() => src.planSend({ snapshot: "src/secret/child@1", raw: false })).message).toBe(
      "warning: cannot send 'src/secret/child@1': dataset key must be loaded",
    );
    replicate(src, dst, { snapshot: "src/secret/child@1", raw: true }, "dst/child");
    expect(dst.dataset("dst/child")).toMatchObject({
      encryption: "aes-256-gcm",
      encryptionRoot: "dst/child",
      keyformat: "passphrase",
      keyStatus: "unavailable",
    });
    replicate(src, dst, { snapshot: "src/secret/child@2", from: "@1", raw: true }, "dst/child");
    expect(dst.listSnapshots("dst/child").map((p) => p.name)).toEqual(["1", "2"]);
  });

  it("skips a snapshot the target already has, as ZFS does", () => {
    const { src, dst } = pools();
    replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data");
    replicate(src, dst, { snapshot: "src/data@b", from: "@a", raw: false }, "dst/data");
    const session = dst.receive("dst/data");
    const [again] = src.planSend({ snapshot: "src/data@b", from: "@a", raw: false });
    expect(again && session.beginRecord(again)).toBe(false);
  });
});

describe("interrupted receive", () => {
  it("with -s keeps the new dataset, its token resumes the stream where it stopped", () => {
    const { src, dst } = pools();
    const [record] = src.planSend({ snapshot: "src/data@a", raw: false });
    if (record === undefined) throw new Error("no record");
    const session = dst.receive("dst/data", { resumable: true });
    session.beginRecord(record);
    const error = session.interrupt(1000, "truncated");
    expect(error.code).toBe(ErrorCode.TRANSFER_INTERRUPTED);
    const token = dst.dataset("dst/data").resumeToken ?? "";
    expect(error.message).toBe(
      "cannot receive new filesystem stream: checksum mismatch or incomplete stream.\n" +
        "Partially received snapshot is saved.\n" +
        "A resuming stream can be generated on the sending system by running:\n" +
        `    zfs send -t ${token}`,
    );
    expect(decodeResumeToken(token)).toMatchObject({
      toName: "src/data@a",
      toGuid: record.guid,
      bytes: 1000n,
    });
    expect(dst.dataset("dst/data").inconsistent).toBe(true);

    const [resumed] = src.planSend({ snapshot: "", raw: false, resumeToken: token });
    expect(resumed).toMatchObject({ resuming: true, resumeOffset: 1000, guid: record.guid });
    replicate(src, dst, { snapshot: "", raw: false, resumeToken: token }, "dst/data", { resumable: true });
    expect(dst.dataset("dst/data")).toMatchObject({ inconsistent: false, resumeToken: undefined });
    expect(guidOf(dst, "dst/data@a")).toBe(guidOf(src, "src/data@a"));
  });

  it("without -s removes the dataset the receive created; -A removes a partial one", () => {
    const { src, dst } = pools();
    const [record] = src.planSend({ snapshot: "src/data@a", raw: false });
    if (record === undefined) throw new Error("no record");
    const plain = dst.receive("dst/data");
    plain.beginRecord(record);
    expect(plain.interrupt(10, "truncated").message).toBe(
      "cannot receive new filesystem stream: incomplete stream",
    );
    expect(dst.exists("dst/data")).toBe(false);

    const resumable = dst.receive("dst/data", { resumable: true });
    resumable.beginRecord(record);
    resumable.interrupt(10, "truncated");
    dst.abortResumableReceive("dst/data");
    expect(dst.exists("dst/data")).toBe(false);
  });

  it("refuses a resume stream that does not continue the saved state", () => {
    const { src, dst } = pools();
    replicate(src, dst, { snapshot: "src/data@a", raw: false }, "dst/data");
    const [record] = src.planSend({ snapshot: "src/data@b", from: "@a", raw: false });
    if (record === undefined) throw new Error("no record");
    const session = dst.receive("dst/data", { resumable: true });
    session.beginRecord(record);
    session.interrupt(100, "truncated");
    const stale = { ...record, resuming: true, resumeOffset: 50 };
    expect(failure(() => dst.receive("dst/data", { resumable: true }).beginRecord(stale)).message).toBe(
      "cannot receive resume stream: kernel modules must be upgraded to receive this stream.",
    );
    expect(failure(() => dst.receive("dst/data").beginRecord(record)).message).toBe(
      'cannot receive incremental stream: destination dst/data contains partially-complete state from "zfs receive -s".',
    );
  });
});

describe("send planning", () => {
  it.each([
    [
      { snapshot: "src/data@c", from: "src/data#a", intermediates: true },
      "Error: multiple snapshots cannot be sent from a bookmark.",
    ],
    [
      { snapshot: "src/data@a", from: "@c" },
      "warning: cannot send 'src/data@a': not an earlier snapshot from the same fs",
    ],
    [
      { snapshot: "src/data@c", from: "#nope" },
      "warning: cannot send 'src/data@c': incremental source (src/data#nope) does not exist",
    ],
    [{ snapshot: "src/data@zz" }, "cannot open 'src/data@zz': dataset does not exist"],
    [{ snapshot: "", resumeToken: "1-abc-10-00" }, "cannot resume send: resume token is corrupt"],
  ])("%o fails with ZFS's message", (request, message) => {
    const { src } = pools();
    src.bookmark("src/data@a", "#a");
    expect(failure(() => src.planSend({ raw: false, ...request })).message).toBe(message);
  });

  it("sends -i from a bookmark", () => {
    const { src } = pools();
    src.bookmark("src/data@a", "#a");
    src.destroy("src/data@a");
    const [record] = src.planSend({ snapshot: "src/data@c", from: "#a", raw: false });
    expect(record).toMatchObject({ fromBookmark: true, snapshotName: "c" });
  });
});
