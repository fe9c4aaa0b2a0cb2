import { closeSync, fstatSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLocalCommandRunner } from "./local-command-runner.js";
import { openStreamFifo } from "./stream-fifo.js";

// zfs send must write into a real pipe: into a socket, OpenZFS 2.3 can block forever
// (unkillable) once its reader is gone. Node's own stdio "pipe" is a socketpair.
describe.runIf(process.platform === "linux")("the pipe a sender writes into", () => {
  it("is a named pipe opened at both ends", () => {
    const fifo = openStreamFifo();
    expect(fifo).toBeDefined();
    if (fifo === undefined) return;
    expect(fstatSync(fifo.readFd).isFIFO()).toBe(true);
    expect(fstatSync(fifo.writeFd).isFIFO()).toBe(true);
    closeSync(fifo.readFd);
    closeSync(fifo.writeFd);
  });

  it("is a pipe when handed from a local sender to a local receiver", async () => {
    const runner = createLocalCommandRunner();
    const receiver = runner.startWithInput(["cat"]);
    const sender = runner.startWithOutput(["stat", "-L", "-c", "%F", "/proc/self/fd/1"], receiver.sink);
    const [, received] = await Promise.all([sender.exit, receiver.command.exit]);
    expect(received.stdoutTail).toBe("fifo\n");
  });

  it("is a pipe when Node streams the output into a sink", async () => {
    const runner = createLocalCommandRunner();
    let text = "";
    const writable = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    });
    const sender = runner.startWithOutput(["stat", "-L", "-c", "%F", "/proc/self/fd/1"], {
      writable,
      inheritable: false,
    });
    expect((await sender.exit).exitCode).toBe(0);
    expect(text).toBe("fifo\n");
  });
});
