import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLocalCommandRunner } from "./local-command-runner.js";
import { readProcIo } from "./proc-io-counter.js";

const SIZE = 50_000_000;
let dir: string;
let file: string;
let fileSha256: string;

// 50 MB of random bytes, written in 1 MiB chunks so the test itself holds little.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-local-runner-"));
  file = join(dir, "stream.bin");
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  for (let left = SIZE; left > 0; left -= 1 << 20) {
    const chunk = randomBytes(Math.min(left, 1 << 20));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  out.end();
  await finished(out);
  fileSha256 = hash.digest("hex");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A slow sink: hashes and counts what it gets, remembering the most it ever held buffered. */
function hashingSink(highWaterMark: number) {
  const hash = createHash("sha256");
  let bytes = 0;
  let maxBuffered = 0;
  const writable = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      maxBuffered = Math.max(maxBuffered, writable.writableLength);
      hash.update(chunk);
      bytes += chunk.length;
      setImmediate(callback);
    },
  });
  return { writable, bytes: () => bytes, maxBuffered: () => maxBuffered, sha256: () => hash.digest("hex") };
}

describe("run", () => {
  const runner = createLocalCommandRunner();

  it("runs an argv without a shell and returns stdout exactly", async () => {
    const result = await runner.run(["printf", "%s\\t%s\\n", "a b; echo $HOME", "c"]);
    expect(result).toEqual({ exitCode: 0, signal: null, stdout: "a b; echo $HOME\tc\n", stderr: "" });
  });

  it("returns a failure as a result, with its exit status and stderr", async () => {
    const result = await runner.run(["ls", "/zrelay/definitely/not/here"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("No such file or directory");
  });

  it("reports a missing command as exit 127 naming the host and the PATH searched", async () => {
    const local = createLocalCommandRunner({
      host: "backup-server",
      env: { PATH: "/zrelay/nowhere:/usr/bin" },
    });
    const result = await local.run(["zrelay-no-such-zfs", "list"]);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe(
      "zrelay-no-such-zfs was not found in PATH=/zrelay/nowhere:/usr/bin on backup-server\n",
    );
  });

  it("keeps only the tail of an endless stderr", async () => {
    const result = await runner.run([
      process.execPath,
      "-e",
      "process.stderr.write('x'.repeat(1e6) + 'END')",
    ]);
    expect(result.stderr.length).toBeLessThanOrEqual(8192);
    expect(result.stderr.endsWith("xEND")).toBe(true);
  });

  it("knows who it runs as", () => {
    expect(runner.user).toBeTruthy();
    expect(runner.host).toBe("localhost");
  });
});

describe("startWithInput + startWithOutput: the pipe is handed from process to process", () => {
  it("moves 50 MB from a sender into a receiver without a byte passing through Node", async () => {
    const runner = createLocalCommandRunner();
    const rssBefore = process.memoryUsage().rss;
    const receiver = runner.startWithInput(["sha256sum"]);
    expect(receiver.sink.inheritable).toBe(true);
    const sender = runner.startWithOutput(["cat", file], receiver.sink);
    const [sent, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(sent).toMatchObject({ exitCode: 0, signal: null });
    expect(received).toMatchObject({ exitCode: 0, signal: null });
    expect(received.stdoutTail).toBe(`${fileSha256}  -\n`);
    // Node never wrote into the receiver's stdin: the sender had it.
    expect((receiver.sink.writable as Writable & { bytesWritten: number }).bytesWritten).toBe(0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(32 * 1024 * 1024);
    expect(sender.bytesTransferred()).toBeLessThanOrEqual(SIZE + 64 * 1024);
  });

  it("counts the handed-off bytes exactly once the sender has written them", async () => {
    const fifo = join(dir, "fifo");
    await execa("mkfifo", [fifo]);
    const runner = createLocalCommandRunner({ sampleIntervalMs: 10 });
    const receiver = runner.startWithInput(["wc", "-c"]);
    const sender = runner.startWithOutput(["cat", fifo], receiver.sink);
    const feed = createWriteStream(fifo);
    const bytes = randomBytes(1 << 20);
    feed.write(bytes);
    // The sender is alive, blocked on the FIFO: every sample now sees what it wrote.
    await vi.waitFor(() => expect(sender.bytesTransferred()).toBe(bytes.length), {
      timeout: 20_000,
      interval: 20,
    });
    feed.end();
    const [, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(received.stdoutTail.trim()).toBe(String(bytes.length));
    expect(sender.bytesTransferred()).toBe(bytes.length);
  });

  it("takes the receiver's count when the sender was reaped before its last sample", async () => {
    // A background sleep keeps the sender's stderr open after the sender exits and is
    // reaped, so the last sample of the sender misses; no periodic sample runs meanwhile.
    const runner = createLocalCommandRunner({ sampleIntervalMs: 60_000 });
    const receiver = runner.startWithInput(["sh", "-c", "sleep 0.3; cat > /dev/null"]);
    const sender = runner.startWithOutput(
      ["sh", "-c", 'sleep 0.5 > /dev/null & cat "$0"', file],
      receiver.sink,
    );
    const [sent] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(sent).toMatchObject({ exitCode: 0, signal: null });
    // The receiver's reads of its own (sh, cat) come on top: a few KiB, never less than the stream.
    expect(sender.bytesTransferred()).toBeGreaterThanOrEqual(SIZE);
    expect(sender.bytesTransferred()).toBeLessThan(SIZE + 64 * 1024);
  });

  it("gives the sender SIGPIPE when the receiver dies, reporting the receiver's exit first", async () => {
    const runner = createLocalCommandRunner();
    const order: string[] = [];
    const receiver = runner.startWithInput(["head", "-c", "10"]);
    const sender = runner.startWithOutput(["cat", file], receiver.sink);
    const noted = <T>(side: string, exit: Promise<T>) =>
      exit.then((value) => {
        order.push(side);
        return value;
      });
    const [sent, received] = await Promise.all([
      noted("sender", sender.exit),
      noted("receiver", receiver.command.exit),
    ]);
    expect(received.exitCode).toBe(0);
    expect(sent.signal).toBe("SIGPIPE");
    expect(order).toEqual(["receiver", "sender"]);
  });

  it("reports a receiver that cannot be found as exit 127, and the sender sees a closed pipe", async () => {
    const runner = createLocalCommandRunner({ env: { PATH: "/zrelay/nowhere" } });
    const receiver = runner.startWithInput(["zrelay-no-such-zfs", "receive"]);
    const received = await receiver.command.exit;
    expect(received.exitCode).toBe(127);
    expect(received.stderrTail).toContain(
      "zrelay-no-such-zfs was not found in PATH=/zrelay/nowhere on localhost",
    );
  });
});

describe("startWithOutput into a plain Writable: streamed by Node", () => {
  it("pipes 50 MB with backpressure and counts every byte", async () => {
    const runner = createLocalCommandRunner();
    const sink = hashingSink(64 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const sender = runner.startWithOutput(["cat", file], { writable: sink.writable, inheritable: false });
    const exit = await sender.exit;
    expect(exit).toEqual({ exitCode: 0, signal: null, stderrTail: "", stdoutTail: "" });
    expect(sink.bytes()).toBe(SIZE);
    expect(sink.sha256()).toBe(fileSha256);
    expect(sender.bytesTransferred()).toBe(SIZE);
    // Backpressure: never more than the high-water mark plus one chunk waiting.
    expect(sink.maxBuffered()).toBeLessThanOrEqual(64 * 1024 + 256 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * 1024 * 1024);
  });

  it("reports a sink that broke as outputError, even if the sender exits 0", async () => {
    const runner = createLocalCommandRunner();
    const receiver = runner.startWithInput(["head", "-c", "10"]);
    // Not inheritable: Node pipes into the receiver's stdin and meets EPIPE.
    const sender = runner.startWithOutput(["cat", file], {
      writable: receiver.sink.writable,
      inheritable: false,
    });
    const sent = await sender.exit;
    expect(sent.outputError).toMatch(/EPIPE|premature close|write after end/i);
    expect((await receiver.command.exit).exitCode).toBe(0);
  });

  it("refuses to start into a sink that is already closed", () => {
    const runner = createLocalCommandRunner();
    const writable = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    writable.destroy();
    let error: unknown;
    try {
      runner.startWithOutput(["cat", file], { writable, inheritable: true });
    } catch (caught) {
      error = caught;
    }
    expect(isZrelayError(error, ErrorCode.TRANSFER_INTERRUPTED)).toBe(true);
  });
});

describe("kill", () => {
  // A child that says "ready" once it has installed its handlers, then waits forever.
  function waitingChild(ignoreSigterm: boolean): string[] {
    const handler = ignoreSigterm ? "process.on('SIGTERM', () => {});" : "";
    return [process.execPath, "-e", `${handler} process.stdout.write('ready'); setInterval(() => {}, 1000);`];
  }

  async function startReady(ignoreSigterm: boolean) {
    const runner = createLocalCommandRunner({ killGraceMs: 100 });
    let sawReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      sawReady = resolve;
    });
    const writable = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (chunk.toString().includes("ready")) sawReady();
        callback();
      },
    });
    const command = runner.startWithOutput(waitingChild(ignoreSigterm), { writable, inheritable: false });
    await ready;
    return command;
  }

  it("stops a command with SIGTERM, and kill is idempotent", async () => {
    const command = await startReady(false);
    command.kill();
    command.kill();
    expect((await command.exit).signal).toBe("SIGTERM");
  });

  it("follows up with SIGKILL when SIGTERM is ignored", async () => {
    const command = await startReady(true);
    command.kill();
    expect((await command.exit).signal).toBe("SIGKILL");
  });
});

describe("readProcIo", () => {
  it.runIf(process.platform === "linux")("reads this process's I/O counters", () => {
    const io = readProcIo(process.pid);
    expect(io?.rchar).toBeGreaterThan(0);
    expect(io?.wchar).toBeGreaterThanOrEqual(0);
  });

  it("gives nothing for a process that does not exist", () => {
    expect(readProcIo(2 ** 30)).toBeUndefined();
  });
});
