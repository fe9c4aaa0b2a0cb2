import { PassThrough, Writable } from "node:stream";
import { type ByteSink, ErrorCode, isZrelayError, type ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { ScriptedCommandRunner, type ScriptedReply } from "./scripted-command-runner.fixture.js";
import { createZfsCommandEndpoint } from "./zfs-command-endpoint.js";

function endpointWith(respond: (argv: readonly string[]) => ScriptedReply = () => ({})) {
  const runner = new ScriptedCommandRunner(respond);
  return { runner, endpoint: createZfsCommandEndpoint(runner) };
}

function collectingSink(): { sink: ByteSink; bytes: () => string } {
  const chunks: Buffer[] = [];
  const writable = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink: { writable, inheritable: false }, bytes: () => Buffer.concat(chunks).toString() };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (reason: unknown) => reason,
  );
}

function asZrelayError(error: unknown): ZrelayError {
  if (!isZrelayError(error)) throw new Error(`expected a ZrelayError, got ${String(error)}`);
  return error;
}

describe("send", () => {
  it("runs zfs send into the sink and resolves with the bytes", async () => {
    const { runner, endpoint } = endpointWith(() => ({ stdout: "STREAM-BYTES" }));
    const { sink, bytes } = collectingSink();
    const handle = endpoint.send(
      { snapshot: "src/with space@b", from: "src/with space@a", intermediates: false, raw: false },
      sink,
    );
    expect(await handle.done).toEqual({ bytes: 12 });
    expect(bytes()).toBe("STREAM-BYTES");
    expect(handle.progress()).toEqual({ bytes: 12 });
    expect(runner.calls).toEqual([
      ["zfs", "send", "-L", "-e", "-c", "-i", "src/with space@a", "src/with space@b"],
    ]);
  });

  it("resumes with the token alone: the token carries the stream flags", async () => {
    const { runner, endpoint } = endpointWith();
    await endpoint.send(
      { snapshot: "src@b", resumeToken: "1-e604ea4bf-e0-789c63", raw: false },
      collectingSink().sink,
    ).done;
    expect(runner.calls).toEqual([["zfs", "send", "-t", "1-e604ea4bf-e0-789c63"]]);
  });

  it("rejects with the mapped error naming the snapshot and host", async () => {
    const { endpoint } = endpointWith(() => ({
      exitCode: 1,
      stderr: "warning: cannot send 'src/enc@s1': dataset key must be loaded\n",
    }));
    const error = asZrelayError(
      await rejection(endpoint.send({ snapshot: "src/enc@s1", raw: false }, collectingSink().sink).done),
    );
    expect(error.code).toBe(ErrorCode.KEY_NOT_LOADED);
    expect(error.message).toBe(
      "send of src/enc@s1 on backup@host-storage failed: warning: cannot send 'src/enc@s1': dataset key must be loaded",
    );
  });

  it("reports a send killed by SIGPIPE as the receiver having gone", async () => {
    const { endpoint } = endpointWith(() => ({ exitCode: null, signal: "SIGPIPE" }));
    const error = asZrelayError(
      await rejection(endpoint.send({ snapshot: "src@a", raw: true }, collectingSink().sink).done),
    );
    expect(error.code).toBe(ErrorCode.TRANSFER_INTERRUPTED);
    expect(error.message).toContain("the receiving side stopped reading (broken pipe)");
  });

  it("rejects an aborted send with the abort reason itself, and abort is idempotent", async () => {
    const { endpoint } = endpointWith(() => ({ stdout: "x" }));
    const handle = endpoint.send({ snapshot: "src@a", raw: true }, collectingSink().sink);
    const reason = new Error("zrelay stopped the send: the receive failed");
    handle.abort(reason);
    handle.abort();
    expect(await rejection(handle.done)).toBe(reason);
  });

  it("rejects an aborted send without a reason as CANCELLED", async () => {
    const { endpoint } = endpointWith(() => ({ stdout: "x" }));
    const handle = endpoint.send({ snapshot: "src@a", raw: true }, collectingSink().sink);
    handle.abort();
    expect(asZrelayError(await rejection(handle.done)).code).toBe(ErrorCode.CANCELLED);
  });

  it("surfaces a refused name on done without running anything", async () => {
    const { runner, endpoint } = endpointWith();
    const handle = endpoint.send({ snapshot: "src", raw: true }, collectingSink().sink);
    expect(asZrelayError(await rejection(handle.done)).code).toBe(ErrorCode.INVALID_NAME);
    expect(handle.progress()).toEqual({ bytes: 0 });
    expect(runner.calls).toEqual([]);
  });
});

describe("receive", () => {
  it("runs zfs receive -u with the request's flags and feeds it the sink's bytes", async () => {
    const { runner, endpoint } = endpointWith();
    const handle = endpoint.receive({
      dataset: "dst/with space",
      resumable: true,
      force: true,
      setProperties: { canmount: "off", "org.zrelay:source": "host a:tank/data" },
      excludeProperties: ["mountpoint"],
    });
    handle.sink.writable.end("STREAM");
    await handle.done;
    expect(runner.received[0]?.toString()).toBe("STREAM");
    expect(runner.calls).toEqual([
      [
        "zfs",
        "receive",
        "-u",
        "-s",
        "-F",
        "-o",
        "canmount=off",
        "-o",
        "org.zrelay:source=host a:tank/data",
        "-x",
        "mountpoint",
        "dst/with space",
      ],
    ]);
  });

  it("leaves out -s and -F unless asked", async () => {
    const { runner, endpoint } = endpointWith();
    const handle = endpoint.receive({ dataset: "dst/x", resumable: false });
    handle.sink.writable.end();
    await handle.done;
    expect(runner.calls).toEqual([["zfs", "receive", "-u", "dst/x"]]);
  });

  it("rejects with the mapped error and its hint", async () => {
    const { endpoint } = endpointWith(() => ({
      exitCode: 1,
      stderr:
        "cannot receive incremental stream: most recent snapshot of dst/x does not\nmatch incremental source\n",
    }));
    const handle = endpoint.receive({ dataset: "dst/x", resumable: true });
    handle.sink.writable.end();
    const error = asZrelayError(await rejection(handle.done));
    expect(error.code).toBe(ErrorCode.INCREMENTAL_MISMATCH);
    expect(error.message).toBe(
      "receive into dst/x on backup@host-storage failed: cannot receive incremental stream: most recent snapshot of dst/x does not match incremental source",
    );
  });

  it("rejects an aborted receive with the abort reason", async () => {
    const { endpoint } = endpointWith();
    const handle = endpoint.receive({ dataset: "dst/x", resumable: true });
    const reason = new Error("stopped");
    handle.abort(reason);
    handle.abort();
    expect(await rejection(handle.done)).toBe(reason);
  });

  it("refuses a bad target on done, with a sink that refuses writes", async () => {
    const { runner, endpoint } = endpointWith();
    const handle = endpoint.receive({ dataset: "dst/x@snap", resumable: true, setProperties: { "-o": "x" } });
    expect(asZrelayError(await rejection(handle.done)).code).toBe(ErrorCode.INVALID_NAME);
    const source = new PassThrough();
    const written = new Promise((resolve) => handle.sink.writable.on("error", resolve));
    source.pipe(handle.sink.writable);
    source.end("bytes");
    expect(await written).toBeInstanceOf(Error);
    expect(runner.calls).toEqual([]);
  });
});
