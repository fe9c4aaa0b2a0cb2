import type { ZrelayError } from "@zrelay/core";
import { type FakeZfsError, toZrelayError, zfsErrors } from "@zrelay/testkit";
import { receiveOperation, sendOperation, type ZfsOperation, zfsFailureToError } from "@zrelay/zfs-command";
import { describe, expect, it } from "vitest";

// Operations of the zfs-command layer, built the way the endpoint builds them.
const send = sendOperation({
  snapshot: "src/plain@b",
  from: "src/plain@a",
  intermediates: false,
  raw: false,
});
const resume = sendOperation({ snapshot: "src/plain@b", resumeToken: "1-abc-10-789c", raw: false });
const receive = receiveOperation({ dataset: "dst/plain", resumable: true });
const other: ZfsOperation = {
  kind: "list",
  action: "listing dst",
  dataset: "dst",
  permissions: [],
  allowOn: "dst",
};
const destroy: ZfsOperation = { ...other, kind: "destroy", action: "destroy of src/plain@a" };
const create: ZfsOperation = { ...other, kind: "create", action: "create of dst/a" };
const bookmark: ZfsOperation = { ...other, kind: "bookmark", action: "bookmark src/plain#a" };
const full = "cannot receive new filesystem stream";
const incremental = "cannot receive incremental stream";
const resuming = "cannot receive resume stream";

/** What the command adapter makes of the fake's text, printed by `zfs` during `operation`. */
function mapped(operation: ZfsOperation, fake: FakeZfsError): ZrelayError {
  return zfsFailureToError({
    operation,
    host: "localhost",
    user: "backup",
    argv: ["zfs"],
    exitCode: fake.exitStatus,
    signal: null,
    stderr: fake.stderr,
  });
}

/*
 * The zfs emulator prints exactly these texts (the testkit's catalogue, each
 * with the code it expects an adapter to give it). Mapping them through the
 * real stderr rules must agree, so a run against the emulator reads like one
 * against OpenZFS.
 */
describe("the emulator's messages map to the catalogue's codes", () => {
  it.each([
    ["notFound", other, zfsErrors.notFound("dst/x")],
    ["createNoPool", create, zfsErrors.createNoPool("nopool/x", "nopool")],
    ["createParentMissing", create, zfsErrors.createParentMissing("dst/a/b")],
    ["createExists", create, zfsErrors.createExists("dst/a")],
    ["bookmarkExists", bookmark, zfsErrors.bookmarkExists("src/plain#a")],
    ["destroyNoSnapshots", destroy, zfsErrors.destroyNoSnapshots("src/plain@a")],
    ["destroyBookmarkMissing", destroy, zfsErrors.destroyBookmarkMissing("src/plain#a")],
    ["destroySnapshotBusy", destroy, zfsErrors.destroySnapshotBusy("src/plain@a")],
    ["destroySnapshotCloned", destroy, zfsErrors.destroySnapshotCloned("src/plain@a")],
    ["rollbackNewer", other, zfsErrors.rollbackNewer("src/plain@a", ["src/plain@b"])],
    ["holdMissing", other, zfsErrors.holdMissing("src/plain@a")],
    ["holdExists", other, zfsErrors.holdExists("src/plain@a")],
    ["releaseMissing", other, zfsErrors.releaseMissing("src/plain@a")],
    ["releaseNoTag", other, zfsErrors.releaseNoTag("src/plain@a")],
    ["mountKeyNotLoaded", other, zfsErrors.mountKeyNotLoaded("src/enc")],
    ["sendNotEarlier", send, zfsErrors.sendNotEarlier("src/plain@b")],
    ["sendSourceMissing", send, zfsErrors.sendSourceMissing("src/plain@b", "src/plain@a")],
    ["sendDatasetKey", send, zfsErrors.sendDatasetKey("src/enc@b")],
    ["sendSourceKey", resume, zfsErrors.sendSourceKey("src/enc@b", 255)],
    ["sendMultipleFromBookmark", send, zfsErrors.sendMultipleFromBookmark("src/plain#a")],
    ["sendNotEarlierThan", send, zfsErrors.sendNotEarlierThan("src/plain", "b", "c")],
    ["sendBrokenPipe", send, zfsErrors.sendBrokenPipe("src/plain@b")],
    ["sendIoError", send, zfsErrors.sendIoError("src/plain@b")],
    ["resumeCorrupt", resume, zfsErrors.resumeCorrupt()],
    ["resumeNotSame", resume, zfsErrors.resumeNotSame("src/plain@b")],
    ["resumeGone", resume, zfsErrors.resumeGone("src/plain@b")],
    ["resumeSourceGone", resume, zfsErrors.resumeSourceGone(0x1234n, "src/plain@b")],
    ["receiveInvalidProperty", receive, zfsErrors.receiveInvalidProperty("nosuch")],
    ["receiveRawEncryptionProperty", receive, zfsErrors.receiveRawEncryptionProperty(full, "keylocation")],
    ["receiveExists", receive, zfsErrors.receiveExists(full, "dst/plain")],
    ["receiveHasSnapshots", receive, zfsErrors.receiveHasSnapshots(full, "dst/plain", "dst/plain@a")],
    ["receiveResumingExisting", receive, zfsErrors.receiveResumingExisting(full, "dst/plain")],
    ["receiveRawOnUnencrypted", receive, zfsErrors.receiveRawOnUnencrypted(incremental, "dst/plain")],
    ["receiveForceEncrypted", receive, zfsErrors.receiveForceEncrypted(full, "dst/plain")],
    ["receiveMissing", receive, zfsErrors.receiveMissing(incremental, "dst/plain")],
    ["receiveParentMissing", receive, zfsErrors.receiveParentMissing(full, "dst")],
    ["receiveResumeMismatch", receive, zfsErrors.receiveResumeMismatch(resuming, "dst/plain", true)],
    ["receiveResumeMismatch", receive, zfsErrors.receiveResumeMismatch(resuming, "dst/plain", false)],
    ["receiveSnapshotExists", receive, zfsErrors.receiveSnapshotExists("dst/plain@a")],
    ["receiveMismatch", receive, zfsErrors.receiveMismatch(incremental, "dst/plain")],
    ["receiveModified", receive, zfsErrors.receiveModified(incremental, "dst/plain")],
    ["receiveInheritedKey", receive, zfsErrors.receiveInheritedKey(full, "dst/enc")],
    ["receiveKeyMismatch", receive, zfsErrors.receiveKeyMismatch(incremental, "dst/enc")],
    ["receiveIncomplete", receive, zfsErrors.receiveIncomplete(full, "dst/plain", "1-abc-10-789c")],
    ["receiveIncomplete", receive, zfsErrors.receiveIncomplete(incremental, "dst/plain", undefined)],
    ["receiveChecksum", receive, zfsErrors.receiveChecksum(incremental, "dst/plain", undefined)],
    ["receiveReadFailed", receive, zfsErrors.receiveReadFailed("dst/plain")],
    ["receiveBadMagic", receive, zfsErrors.receiveBadMagic("dst/plain")],
    ["receiveBadStream", receive, zfsErrors.receiveBadStream("dst/plain")],
    ["abortNothing", other, zfsErrors.abortNothing("dst/plain")],
  ])("%s", (_name, operation, fake) => {
    const error = mapped(operation, fake);
    expect(error.code).toBe(fake.code);
    // ...and the in-memory fake gives the hint the command adapter gives, from the one table.
    const command = mapped({ ...operation, dataset: fake.dataset ?? operation.dataset }, fake);
    expect((toZrelayError(fake, "localhost", operation.kind) as ZrelayError).hint).toBe(command.hint);
  });

  // Where zrelay deliberately reads a message differently from the catalogue.
  it.each([
    // Same words as an interrupted stream with saved state: zrelay cannot tell them apart and retries.
    [
      "TRANSFER_INTERRUPTED",
      "receiveChecksum",
      receive,
      zfsErrors.receiveChecksum(full, "dst/plain", "1-abc-10-789c"),
    ],
    // Partial state in the way is a resume problem; its hint (zfs receive -A) is what helps.
    ["RESUME_INVALID", "receivePartialState", receive, zfsErrors.receivePartialState(full, "dst/plain")],
    // A busy receive target is not a held snapshot; only destroy reads "busy" as a hold.
    ["RECEIVE_FAILED", "receiveBusy", receive, zfsErrors.receiveBusy(incremental, "dst/plain")],
    // A missing incremental source is a missing snapshot, on the -I path too.
    [
      "DATASET_NOT_FOUND",
      "sendDoallSourceMissing",
      send,
      zfsErrors.sendDoallSourceMissing("src/plain", "c", "a"),
    ],
    // zrelay checks that a bookmark stays in its snapshot's dataset before running zfs bookmark.
    ["COMMAND_FAILED", "bookmarkNotAncestor", bookmark, zfsErrors.bookmarkNotAncestor("other#a")],
  ])("reads %s where the catalogue differs: %s", (code, _name, operation, fake) => {
    const error = mapped(operation, fake);
    expect(error.code).toBe(code);
    expect(fake.code).not.toBe(code);
  });
});
