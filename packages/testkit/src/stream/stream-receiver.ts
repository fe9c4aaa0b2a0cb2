import { FakeZfsError } from "../model/fake-zfs-error.js";
import type { ReceiveSession } from "../model/receive-session.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { StreamDecoder } from "./stream-decoder.js";
import { isStreamFormatError, StreamFormatError } from "./stream-format-error.js";

/**
 * What a StreamReceiver drives: a ReceiveSession, or anything shaped like one
 * (the zfs emulator's session re-reads its saved state for each record).
 */
export type RecordReceiver = Pick<
  ReceiveSession,
  "target" | "received" | "currentRecord" | "beginRecord" | "commitRecord" | "interrupt"
>;

/**
 * `zfs receive` reading a fake stream: decodes bytes into a ReceiveSession,
 * committing each record as its payload completes. Any failure, from the
 * bytes or from the model, leaves as the FakeZfsError `zfs receive` prints,
 * after partial state was saved (`-s`) or cleaned up. Used by the fake
 * endpoint and by the `zfs` emulator reading stdin.
 */
export class StreamReceiver {
  readonly #session: RecordReceiver;
  readonly #decoder: StreamDecoder;
  #failure: FakeZfsError | undefined;

  constructor(session: RecordReceiver) {
    this.#session = session;
    this.#decoder = new StreamDecoder({
      onRecordBegin: (record) => {
        session.beginRecord(record);
      },
      onRecordEnd: () => session.commitRecord(),
    });
  }

  get bytesRead(): number {
    return this.#decoder.bytesRead;
  }

  /** Full names of the snapshots committed so far. */
  get received(): readonly string[] {
    return this.#session.received;
  }

  /** True once the whole stream arrived and every record committed. */
  get finished(): boolean {
    return this.#decoder.finished && this.#failure === undefined;
  }

  /** Feed bytes; throws the receive's FakeZfsError once it failed. */
  write(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      this.#decoder.write(chunk);
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** The byte source ended; throws unless the stream was complete. */
  end(): void {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      this.#decoder.end();
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** The bytes stopped for good (sender died, receive killed): the error `zfs receive` reports. */
  cut(): FakeZfsError {
    if (this.#decoder.finished) return this.#failure ?? zfsErrors.receiveReadFailed(this.#session.target);
    return this.#fail(new StreamFormatError("truncated", `stream cut after ${this.bytesRead} bytes`));
  }

  #fail(error: unknown): FakeZfsError {
    if (this.#failure !== undefined) return this.#failure;
    if (error instanceof FakeZfsError) {
      this.#failure = error;
      return error;
    }
    if (!isStreamFormatError(error)) throw error;
    const target = this.#session.target;
    if (this.#session.currentRecord === undefined) {
      this.#failure =
        error.problem === "bad-magic"
          ? zfsErrors.receiveBadMagic(target)
          : error.problem === "truncated"
            ? zfsErrors.receiveReadFailed(target)
            : zfsErrors.receiveBadStream(target);
    } else {
      const stop = error.problem === "truncated" ? "truncated" : "checksum";
      this.#failure = this.#session.interrupt(this.#decoder.payloadPosition, stop);
    }
    return this.#failure;
  }
}
