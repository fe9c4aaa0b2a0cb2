import { ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { displayCommand, summarizeStderr, type ZfsFailure, zfsFailureToError } from "./zfs-error-mapper.js";
import * as operations from "./zfs-operation.js";

const host = "backup@host-storage";
const receive = operations.receiveOperation({ dataset: "backuppool/hosts/web1/data", resumable: true });
const send = operations.sendOperation({
  snapshot: "tank/data@b",
  from: "tank/data@a",
  intermediates: false,
  raw: true,
});
const sendAll = operations.sendOperation({
  snapshot: "tank/data@c",
  from: "tank/data@a",
  intermediates: true,
  raw: true,
});
const resume = operations.sendOperation({ snapshot: "tank/data@b", resumeToken: "1-abc-10-789c", raw: true });
const create = operations.createOperation("backuppool/hosts", { canmount: "off" });
const destroy = operations.destroyOperation("tank/data@a");
const list = operations.listOperation("tank/nope");
const rollback = operations.rollbackOperation("backuppool/hosts/web1/data@a");
const hold = operations.holdOperation("tank/data@a", "zrelay");
const abortReceive = operations.abortReceiveOperation("backuppool/x");

function failure(
  operation: operations.ZfsOperation,
  stderr: string,
  more: Partial<ZfsFailure> = {},
): ZfsFailure {
  return {
    operation,
    host,
    user: "backup",
    argv: ["zfs", "something"],
    exitCode: 1,
    signal: null,
    stderr,
    ...more,
  };
}

describe("zfsFailureToError", () => {
  // stderr as OpenZFS 2.x prints it (docs/real-zfs-behaviour.md, libzfs sources).
  it.each([
    [list, "cannot open 'tank/nope': dataset does not exist\n", ErrorCode.DATASET_NOT_FOUND],
    [create, "cannot create 'nopool/x': no such pool 'nopool'\n", ErrorCode.DATASET_NOT_FOUND],
    [
      destroy,
      "could not find any snapshots to destroy; check snapshot names.\n",
      ErrorCode.DATASET_NOT_FOUND,
    ],
    [send, "warning: cannot send 'tank/data@b': permission denied\n", ErrorCode.PERMISSION_DENIED],
    [receive, "cannot receive new filesystem stream: permission denied\n", ErrorCode.PERMISSION_DENIED],
    [
      create,
      "cannot mount '/backuppool/hosts': failed to create mountpoint: Permission denied\n",
      ErrorCode.PERMISSION_DENIED,
    ],
    [receive, "cannot receive incremental stream: out of space\n", ErrorCode.POOL_FULL],
    [
      receive,
      "cannot receive new filesystem stream: destination backuppool/hosts/web1/data space quota exceeded.\n",
      ErrorCode.POOL_FULL,
    ],
    [
      receive,
      "cannot receive incremental stream: most recent snapshot of backuppool/hosts/web1/data does not\nmatch incremental source\n",
      ErrorCode.INCREMENTAL_MISMATCH,
    ],
    [
      receive,
      "cannot receive incremental stream: destination backuppool/hosts/web1/data has been modified\nsince most recent snapshot\n",
      ErrorCode.DESTINATION_MODIFIED,
    ],
    [
      receive,
      "cannot receive new filesystem stream: destination 'backuppool/hosts/web1/data' exists\nmust specify -F to overwrite it\n",
      ErrorCode.DATASET_EXISTS,
    ],
    [
      destroy,
      "cannot destroy snapshot tank/data@a: it's being held. Run 'zfs holds -r tank/data@a' to see holders.\n",
      ErrorCode.SNAPSHOT_HELD,
    ],
    [destroy, "cannot destroy snapshot tank/data@a: dataset is busy\n", ErrorCode.SNAPSHOT_HELD],
    [send, "warning: cannot send 'tank/data@b': dataset key must be loaded\n", ErrorCode.KEY_NOT_LOADED],
    [
      receive,
      "cannot receive new filesystem stream: inherited key must be loaded\n",
      ErrorCode.KEY_NOT_LOADED,
    ],
    [
      resume,
      "cannot resume send: 'tank/data@b' used in the initial send no longer exists\n",
      ErrorCode.RESUME_INVALID,
    ],
    [resume, "cannot resume send: resume token is corrupt (invalid format)\n", ErrorCode.RESUME_INVALID],
    [
      resume,
      "cannot resume send: 'tank/data@b' is no longer the same snapshot used in the initial send\n",
      ErrorCode.RESUME_INVALID,
    ],
    [
      receive,
      'cannot receive new filesystem stream: destination backuppool/hosts/web1/data contains partially-complete state from "zfs receive -s".\n',
      ErrorCode.RESUME_INVALID,
    ],
    [
      abortReceive,
      "'backuppool/x' does not have any resumable receive state to abort\n",
      ErrorCode.RESUME_INVALID,
    ],
    [
      receive,
      "cannot receive new filesystem stream: checksum mismatch or incomplete stream.\nPartially received snapshot is saved.\nA resuming stream can be generated on the sending system by running:\n    zfs send -t 1-e604ea4bf-e0-789c63\n",
      ErrorCode.TRANSFER_INTERRUPTED,
    ],
    [receive, "cannot receive incremental stream: incomplete stream\n", ErrorCode.TRANSFER_INTERRUPTED],
    [receive, "cannot receive: invalid stream (bad magic number)\n", ErrorCode.STREAM_INVALID],
    [send, "warning: cannot send 'tank/data@b': Broken pipe\n", ErrorCode.TRANSFER_INTERRUPTED],
    [rollback, "cannot rollback 'backuppool/hosts/web1/data': something new\n", ErrorCode.COMMAND_FAILED],
    [send, "warning: cannot send 'tank/data@b': Input/output error\n", ErrorCode.TRANSFER_INTERRUPTED],
    [
      send,
      "warning: cannot send 'tank/data@b': not an earlier snapshot from the same fs\n",
      ErrorCode.SEND_FAILED,
    ],
    [
      receive,
      "cannot receive resume stream: kernel modules must be upgraded to receive this stream.\n",
      ErrorCode.RESUME_INVALID,
    ],
    [
      receive,
      "cannot receive incremental stream: encryption key does not match existing key\n",
      ErrorCode.RECEIVE_FAILED,
    ],
    [receive, "cannot receive: invalid property 'nosuchprop'\n", ErrorCode.USAGE],
    [sendAll, "Error: multiple snapshots cannot be sent from a bookmark.\n", ErrorCode.UNSUPPORTED],
    [receive, "cannot receive: failed to read from stream\n", ErrorCode.TRANSFER_INTERRUPTED],
    [hold, "cannot hold: dataset is busy\n", ErrorCode.COMMAND_FAILED],
    [
      operations.bookmarkOperation("tank/data@a", "tank/data#a"),
      "cannot create bookmark 'tank/data#a': bookmark exists\n",
      ErrorCode.DATASET_EXISTS,
    ],
  ])("%# maps %j to the right code", (operation, stderr, code) => {
    const error = zfsFailureToError(failure(operation, stderr));
    expect(error.code).toBe(code);
    expect(error.host).toBe(host);
    expect(error.dataset).toBe(operation.dataset);
    expect(error.message).toContain(`${operation.action} on ${host} failed: `);
    expect(error.message).toContain(operation.dataset);
    expect(error.hint).toBeTruthy();
  });

  it("says exactly what a receive into a modified target means and what to do", () => {
    const error = zfsFailureToError(
      failure(
        receive,
        "cannot receive incremental stream: destination backuppool/hosts/web1/data has been modified\nsince most recent snapshot\n",
      ),
    );
    expect(error.message).toBe(
      "receive into backuppool/hosts/web1/data on backup@host-storage failed: cannot receive incremental stream: destination backuppool/hosts/web1/data has been modified since most recent snapshot",
    );
    expect(error.hint).toContain("zfs rollback backuppool/hosts/web1/data@<latest snapshot>");
    expect(error.hint).toContain("zfs set readonly=on backuppool/hosts/web1/data");
  });

  it.each([
    [receive, "zfs allow backup receive,create,mount backuppool/hosts/web1"],
    [
      operations.receiveOperation({
        dataset: "backuppool/x",
        resumable: true,
        setProperties: { canmount: "off" },
        excludeProperties: ["mountpoint"],
      }),
      "zfs allow backup receive,create,mount,canmount,mountpoint backuppool",
    ],
    [send, "zfs allow backup send tank/data"],
    [sendAll, "zfs allow backup send,hold tank/data"],
    [create, "zfs allow backup create,mount,canmount backuppool"],
    [hold, "zfs allow backup hold tank/data"],
    [operations.releaseOperation("tank/data@a", "zrelay"), "zfs allow backup release tank/data"],
    [operations.bookmarkOperation("tank/data@a", "tank/data#a"), "zfs allow backup bookmark tank/data"],
    [rollback, "zfs allow backup rollback,destroy,mount backuppool/hosts/web1/data"],
    [destroy, "zfs allow backup destroy,mount tank/data"],
  ])("%# names the exact zfs allow a denied operation needs", (operation, allow) => {
    const error = zfsFailureToError(failure(operation, "cannot do it: permission denied\n"));
    expect(error.code).toBe(ErrorCode.PERMISSION_DENIED);
    expect(error.hint).toBe(`Grant the permissions as root on ${host}: ${allow}`);
  });

  it("uses <user> when the runner does not know the user", () => {
    const error = zfsFailureToError(failure(send, "permission denied", { user: undefined }));
    expect(error.hint).toContain("zfs allow <user> send tank/data");
  });

  it.each([
    [127, "bash: line 1: zfs: command not found\n"],
    [126, "bash: line 1: /sbin/zfs: Permission denied\n"],
  ])("reports exit %i as ZFS_NOT_INSTALLED naming the host", (exitCode, stderr) => {
    const error = zfsFailureToError(failure(list, stderr, { exitCode }));
    expect(error.code).toBe(ErrorCode.ZFS_NOT_INSTALLED);
    expect(error.message).toContain(
      "listing tank/nope on backup@host-storage failed: the zfs command could not be run",
    );
    expect(error.hint).toContain("({{zfsPath}}, e.g. /usr/local/sbin/zfs)");
  });

  it.each([
    ["killed by SIGPIPE", { exitCode: null, signal: "SIGPIPE" }],
    ["exit 141 over a shell", { exitCode: 141 }],
  ])("reports a send %s as the receiver having stopped reading", (_what, more) => {
    const error = zfsFailureToError(failure(send, "", more));
    expect(error.code).toBe(ErrorCode.TRANSFER_INTERRUPTED);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      "send of tank/data@b on backup@host-storage failed: the receiving side stopped reading (broken pipe)",
    );
  });

  it("reports an undeliverable stream as interrupted even when zfs exited 0", () => {
    const error = zfsFailureToError(failure(send, "", { exitCode: 0, outputError: "write EPIPE" }));
    expect(error.code).toBe(ErrorCode.TRANSFER_INTERRUPTED);
    expect(error.message).toContain("the stream could not be delivered: write EPIPE");
  });

  it("reports a refused login as a connection failure nobody should retry", () => {
    const loginFailure =
      "the OpenSSH client (ssh) could not log in to host-storage:22 for the stream: Host key verification failed.";
    const error = zfsFailureToError(failure(send, "", { exitCode: null, loginFailure }));
    expect(error.code).toBe(ErrorCode.CONNECTION_FAILED);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`send of tank/data@b on backup@host-storage failed: ${loginFailure}`);
    expect(error.hint).toContain("{{sshDataPath=ssh2}}");
  });

  it("reports an unrecognised failure with the command and stderr", () => {
    const error = zfsFailureToError(
      failure(rollback, "cannot rollback 'x': weird\n", { argv: ["zfs", "rollback", "-r", "a b@c"] }),
    );
    expect(error.message).toBe(
      "rollback of backuppool/hosts/web1/data to backuppool/hosts/web1/data@a on backup@host-storage failed: `zfs rollback -r 'a b@c'` exited with status 1: cannot rollback 'x': weird",
    );
  });

  it("does not repeat the resume token zfs suggests", () => {
    expect(
      summarizeStderr(
        "cannot receive incremental stream: checksum mismatch or incomplete stream.\nPartially received snapshot is saved.\nA resuming stream can be generated on the sending system by running:\n    zfs send -t 1-abc\n",
      ),
    ).toBe(
      "cannot receive incremental stream: checksum mismatch or incomplete stream. Partially received snapshot is saved.",
    );
  });
});

describe("displayCommand", () => {
  it("quotes words a shell would split, for messages only", () => {
    expect(displayCommand(["zfs", "list", "-r", "src/with space", "it's"])).toBe(
      "zfs list -r 'src/with space' 'it'\\''s'",
    );
  });

  it("shows the listing's whole property list, and shortens a resume token", () => {
    const properties = "type,guid,encryption,encryptionroot,keystatus,canmount,receive_resume_token,written";
    expect(displayCommand(["zfs", "get", properties])).toBe(`zfs get ${properties}`);
    const token = `1-e604ea4bf-e0-${"789c63".repeat(40)}`;
    expect(displayCommand(["zfs", "send", "-t", token])).toBe(`zfs send -t '${token.slice(0, 40)}…'`);
  });
});
