import { Writable } from "node:stream";
import type { ClientChannel } from "ssh2";
import { stopChannel } from "./channel-exit.js";

/**
 * The stdin of a remote command as a Writable, for a sender to pipe into.
 * Unlike the ssh2 channel itself, it never holds a write forever: when the
 * channel closes (the command exited, the connection died) a pending write
 * fails. Its buffer is bounded, and the SSH window adds backpressure.
 */
export class ChannelSink extends Writable {
  readonly #channel: Promise<ClientChannel>;
  #closed = false;
  #bytes = 0;

  constructor(channel: Promise<ClientChannel>) {
    super({ highWaterMark: 256 * 1024 });
    this.#channel = channel;
    channel.then(
      (opened) => opened.once("close", () => (this.#closed = true)),
      () => undefined,
    );
  }

  /** Bytes handed to the channel so far. */
  get bytes(): number {
    return this.#bytes;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#channel.then((channel) => {
      if (this.#closed) return callback(stoppedReading());
      this.#bytes += chunk.length;
      if (channel.write(chunk)) return callback();
      this.#whenEither(channel, "drain", callback);
    }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#channel.then((channel) => {
      if (this.#closed) return callback(unsent(channel));
      // `finish` of the channel's writable side is when ssh2 sends EOF.
      this.#whenEither(channel, "finish", callback);
      channel.end();
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed before the end: the remote command must not take a cut stream for a whole one.
    if (!this.writableFinished)
      this.#channel.then(
        (channel) => this.#closed || stopChannel(channel),
        () => undefined,
      );
    callback(error);
  }

  #whenEither(
    channel: ClientChannel,
    event: "drain" | "finish",
    callback: (error?: Error | null) => void,
  ): void {
    const onEvent = () => settle(null);
    const onClose = () => settle(event === "finish" ? unsent(channel) : stoppedReading());
    const settle = (error: Error | null) => {
      channel.off(event, onEvent);
      channel.off("close", onClose);
      callback(error);
    };
    channel.once(event, onEvent);
    channel.once("close", onClose);
  }
}

const stoppedReading = () => new Error("the remote command stopped reading its input");

/**
 * A command may exit as soon as it has read all it wants (zfs receive stops at
 * the stream's end record) and close the channel before ssh2 sent EOF: that is
 * an error only if bytes were still waiting to be sent.
 */
function unsent(channel: ClientChannel): Error | null {
  return channel.writableLength === 0 ? null : stoppedReading();
}
