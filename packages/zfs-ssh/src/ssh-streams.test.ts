import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { findProcesses, startTestSshd, type TestSshd } from "@zrelay/testkit";
import { createLocalCommandRunner } from "@zrelay/zfs-local";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSshCommandRunner, type SshCommandRunner } from "./ssh-command-runner.js";
import { resolveSshSettings } from "./ssh-settings.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

// Remote commands start slowly on a loaded machine (sshd, then a login shell).
const POLL = { timeout: 20_000 };

const SIZE = 8 * 1024 * 1024 + 123;
let dir: string;
let file: string;
let sha256: string;
let sshd: TestSshd;
const local = createLocalCommandRunner();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-ssh-streams-"));
  file = join(dir, "stream.bin");
  const bytes = randomBytes(SIZE);
  sha256 = createHash("sha256").update(bytes).digest("hex");
  await writeFile(file, bytes);
  sshd = await startTestSshd();
});

afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A Writable that hashes and counts what it is given. */
function hashingSink() {
  const hash = createHash("sha256");
  let bytes = 0;
  const writable = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      setImmediate(callback);
    },
  });
  return { writable, bytes: () => bytes, sha256: () => hash.digest("hex") };
}

// What a stream test may leave behind if something hangs: sshd sessions and their commands,
// and OpenSSH clients of this sshd.
const leftovers = () => [
  ...sshd.connections().flatMap((connection) => connection.commands),
  ...findProcesses((line) => line.includes(`-p ${sshd.port} `)).map((found) => found.commandLine),
];

describe.each(["openssh", "ssh2"] as const)("streams over the %s data path", (dataPath) => {
  let ssh: SshCommandRunner;

  beforeEach(async () => {
    ssh = createSshCommandRunner(resolveSshSettings(testSshdOptions(sshd, { dataPath })));
    return async () => {
      await ssh.close();
      await expect.poll(leftovers, POLL).toEqual([]);
    };
  });

  it("delivers a remote command's stdout whole into a Writable", async () => {
    const sink = hashingSink();
    const sent = ssh.startWithOutput(["cat", file], { writable: sink.writable, inheritable: false });
    expect(await sent.exit).toMatchObject({ exitCode: 0, signal: null, stderrTail: "" });
    expect(sink.bytes()).toBe(SIZE);
    expect(sink.sha256()).toBe(sha256);
    expect(sent.bytesTransferred()).toBe(SIZE);
  });

  it("pulls into a local receiver's stdin pipe", async () => {
    const receiver = local.startWithInput(["sha256sum"]);
    const sent = ssh.startWithOutput(["cat", file], receiver.sink);
    const [exit, received] = await Promise.all([sent.exit, receiver.command.exit]);
    expect(exit).toMatchObject({ exitCode: 0, signal: null });
    expect(received.stdoutTail).toBe(`${sha256}  -\n`);
  });

  it("pushes from a local sender into a remote command's stdin", async () => {
    const receiver = ssh.startWithInput(["sha256sum"]);
    const sender = local.startWithOutput(["cat", file], receiver.sink);
    const [sent, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(sent).toMatchObject({ exitCode: 0, signal: null });
    expect(received).toMatchObject({ exitCode: 0, signal: null, stdoutTail: `${sha256}  -\n` });
    expect(receiver.command.bytesTransferred()).toBeGreaterThanOrEqual(SIZE);
  });

  it("takes bytes Node writes itself, with backpressure", async () => {
    const receiver = ssh.startWithInput(["wc", "-c"]);
    await pipeline(createReadStream(file), receiver.sink.writable);
    expect((await receiver.command.exit).stdoutTail).toBe(`${SIZE}\n`);
  });

  it("takes a remote command that exits as soon as it has read the whole stream as a success", async () => {
    // zfs receive stops at the end record, and its channel may close before the sender
    // ends its stdout (here: a moment later, as zfs send does after its last record).
    const bytes = String(256 * 1024);
    const receiver = ssh.startWithInput(["head", "-c", bytes]);
    const sender = local.startWithOutput(["sh", "-c", `head -c ${bytes} "$0"; sleep 0.3`, file], {
      writable: receiver.sink.writable,
      inheritable: false,
    });
    const [sent, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(received).toMatchObject({ exitCode: 0, signal: null });
    expect(sent).toMatchObject({ exitCode: 0, signal: null });
    expect(sent.outputError).toBeUndefined();
  });

  it("reports the remote exit status, signal and stderr", async () => {
    const sink = hashingSink();
    const failed = ssh.startWithOutput(["sh", "-c", "echo partial; echo 'cannot send' >&2; exit 3"], {
      writable: sink.writable,
      inheritable: false,
    });
    expect(await failed.exit).toMatchObject({ exitCode: 3, signal: null, stderrTail: "cannot send\n" });
    const killed = ssh.startWithInput(["sh", "-c", "kill -KILL $$"]);
    // The OpenSSH client reports a remote command killed by a signal as its own status 255.
    const byKill =
      dataPath === "ssh2" ? { exitCode: null, signal: "SIGKILL" } : { exitCode: 255, signal: null };
    expect(await killed.command.exit).toMatchObject(byKill);
  });

  it("ends both sides when the remote receiver stops reading early", async () => {
    const receiver = ssh.startWithInput(["sh", "-c", "head -c 10 >/dev/null"]);
    const sender = local.startWithOutput(["cat", "/dev/zero"], receiver.sink);
    const [sent, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(received).toMatchObject({ exitCode: 0, stdoutTail: "" });
    expect(sent.exitCode === 0 && sent.outputError === undefined).toBe(false);
  });

  it("stops a stream on kill(): the exit settles and the remote command is gone", async () => {
    const sink = hashingSink();
    const sent = ssh.startWithOutput(["cat", "/dev/zero"], { writable: sink.writable, inheritable: false });
    await expect.poll(() => sink.bytes() > 1_000_000, POLL).toBe(true);
    sent.kill();
    const exit = await sent.exit;
    expect(exit.exitCode).not.toBe(0);
    expect(sink.writable.destroyed).toBe(true);
  });

  it("turns a connection killed mid-pull into outputError, and the reader sees no clean end", async () => {
    const sink = hashingSink();
    const sent = ssh.startWithOutput(["cat", "/dev/zero"], { writable: sink.writable, inheritable: false });
    await expect.poll(() => sink.bytes() > 4_000_000, POLL).toBe(true);
    expect(await sshd.killConnections((line) => line === "cat /dev/zero")).toBe(1);
    const exit = await sent.exit;
    expect(exit.exitCode).toBe(null);
    expect(exit.outputError).toMatch(new RegExp(`127\\.0\\.0\\.1:${sshd.port}.* after \\d+(\\.\\d)? MiB`));
    if (dataPath === "ssh2") expect(sink.writable.writableEnded).toBe(false);
  });

  it("turns a connection killed mid-push into outputError on the receiving command", async () => {
    const receiver = ssh.startWithInput(["wc", "-c"]);
    const sender = local.startWithOutput(["cat", "/dev/zero"], receiver.sink);
    const running = () => sshd.connections().some((connection) => connection.commands.includes("wc -c"));
    await expect.poll(running, POLL).toBe(true);
    await expect.poll(() => receiver.command.bytesTransferred() > 4_000_000, POLL).toBe(true);
    expect(await sshd.killConnections((line) => line === "wc -c")).toBe(1);
    const [sent, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(received, JSON.stringify(received)).toMatchObject({ exitCode: null });
    expect(received.outputError).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${sshd.port}.* after \\d+(\\.\\d)? MiB`),
    );
    expect(sent.exitCode === 0 && sent.outputError === undefined).toBe(false);
  });
});
