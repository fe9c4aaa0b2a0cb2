import { readSync, writeSync } from "node:fs";

/*
 * Synchronous I/O on the process's own descriptors, as a C program does it.
 * A descriptor may have been left non-blocking by whoever created it (Node
 * makes its pipe ends non-blocking, and O_NONBLOCK is shared by every copy of
 * a descriptor), so EAGAIN means "wait a moment and try again", not failure.
 */

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (no event loop turn). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function isWouldBlock(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EAGAIN" || code === "EWOULDBLOCK";
}

/** Writes all of `bytes` to `fd`, waiting out EAGAIN; other errors (EPIPE…) are thrown. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  let waits = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
      waits = 0;
    } catch (error) {
      if (!isWouldBlock(error)) throw error;
      sleepSync(Math.min(++waits, 5) * 0.2);
    }
  }
}

/** Reads what is available into `buffer` (at least one byte, waiting out EAGAIN); 0 at end of input. */
export function readSomeSync(fd: number, buffer: Uint8Array): number {
  let waits = 0;
  for (;;) {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EOF") return 0;
      if (!isWouldBlock(error)) throw error;
      sleepSync(Math.min(++waits, 5) * 0.2);
    }
  }
}

/** Everything left on `fd` (small inputs only: key material typed or piped in). */
export function readAllSync(fd: number): Buffer {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (let n = readSomeSync(fd, buffer); n > 0; n = readSomeSync(fd, buffer)) {
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** Writes text to stdout or stderr synchronously, so nothing is lost when the process exits. */
export function printSync(fd: 1 | 2, text: string): void {
  if (text.length > 0) writeAllSync(fd, Buffer.from(text, "utf8"));
}
