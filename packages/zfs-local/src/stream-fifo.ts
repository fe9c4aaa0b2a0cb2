import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";

/*
 * Why `zfs send` writes into a named pipe rather than into Node's stdio "pipe":
 * that one is a socketpair, and OpenZFS 2.3 on Linux (lzc_send_wrapper) copies
 * into anything but a pipe through a thread of its own. When the reader dies
 * first that thread quits and the send blocks forever in the kernel; not even
 * SIGKILL ends it (seen in the zfs-lab, with the snapshot left busy). Into a
 * pipe the kernel writes directly, and a dead reader means SIGPIPE, as in a
 * shell pipeline.
 */

/** Both ends of a fresh named pipe: separate, blocking open file descriptions. */
export interface StreamFifo {
  readonly readFd: number;
  readonly writeFd: number;
}

/**
 * Makes a named pipe in a private temporary directory, opens both ends and
 * removes the name. Undefined when that cannot be done (no `mkfifo`): callers
 * then fall back to Node's stdio pipes.
 */
export function openStreamFifo(): StreamFifo | undefined {
  let directory: string | undefined;
  const opened: number[] = [];
  try {
    directory = mkdtempSync(join(tmpdir(), "zrelay-stream-"));
    const path = join(directory, "fifo");
    execFileSync("mkfifo", ["-m", "600", path], { stdio: "ignore" });
    // Opening a FIFO for reading waits for a writer and vice versa; O_RDWR never
    // waits (Linux, FreeBSD), so with it open neither of the real opens does.
    opened.push(openSync(path, constants.O_RDWR));
    opened.push(openSync(path, constants.O_RDONLY));
    opened.push(openSync(path, constants.O_WRONLY));
    const [both, readFd, writeFd] = opened as [number, number, number];
    closeSync(both);
    return { readFd, writeFd };
  } catch {
    for (const fd of opened) closeSync(fd);
    return undefined;
  } finally {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  }
}

/** Node's end for reading a pipe: an event-driven socket (only Node holds this description). */
export function pipeReader(fd: number): Socket {
  return new Socket({ fd, readable: true, writable: false });
}

/**
 * The write end of a receiver's stdin pipe as a sink. A local sender takes the
 * descriptor itself (`descriptor`), untouched; only when Node writes is it
 * wrapped in a socket, which makes it non-blocking (no use handing it on after that).
 */
export class PipeWriter extends Writable {
  #fd: number | undefined;
  #socket: Socket | undefined;

  constructor(fd: number) {
    super();
    this.#fd = fd;
  }

  /** The descriptor a child may inherit: while Node has neither written to it nor closed it. */
  get descriptor(): number | undefined {
    return this.#socket === undefined ? this.#fd : undefined;
  }

  /** Bytes Node wrote into the pipe. */
  get bytesWritten(): number {
    return this.#socket?.bytesWritten ?? 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const socket = this.#open();
    if (socket === undefined) callback(new Error("the pipe is closed"));
    else socket.write(chunk, (error) => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#socket !== undefined) this.#socket.end(() => callback());
    else {
      this.#close();
      callback();
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#socket !== undefined) this.#socket.destroy();
    else this.#close();
    callback(error);
  }

  #open(): Socket | undefined {
    if (this.#socket === undefined && this.#fd !== undefined) {
      const socket = new Socket({ fd: this.#fd, readable: false, writable: true });
      socket.on("error", (error) => this.destroy(error));
      this.#socket = socket;
    }
    return this.#socket;
  }

  #close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
