import type { ByteSink, ReceiveRequest, SendRequest, ZfsEndpoint } from "@zrelay/core";
import { countingSink } from "./counting-sink.js";

/** How both sides of one send/receive ended. */
export interface TransferOutcome {
  readonly send: PromiseSettledResult<{ readonly bytes: number }>;
  readonly receive: PromiseSettledResult<void>;
}

export interface TransferOptions {
  /** Put something between the send and the receive's sink (to cut the stream). */
  readonly wrapSink?: (sink: ByteSink) => ByteSink;
}

/**
 * `receive` then `send` into its sink, as the executor does. When one side
 * fails the other is aborted, so a refusal never leaves a process waiting;
 * both outcomes are returned for the behaviour to judge.
 */
export async function transfer(
  endpoint: ZfsEndpoint,
  sendRequest: SendRequest,
  receiveRequest: ReceiveRequest,
  options: TransferOptions = {},
): Promise<TransferOutcome> {
  const receive = endpoint.receive(receiveRequest);
  const sink = options.wrapSink ? options.wrapSink(receive.sink) : receive.sink;
  let send: ReturnType<ZfsEndpoint["send"]>;
  try {
    send = endpoint.send(sendRequest, sink);
  } catch (error) {
    receive.abort(asError(error));
    await Promise.allSettled([receive.done]);
    throw error;
  }
  send.done.catch((error: unknown) => receive.abort(asError(error)));
  receive.done.catch((error: unknown) => send.abort(asError(error)));
  const [sent, received] = await Promise.allSettled([send.done, receive.done]);
  return { send: sent, receive: received };
}

/** The length of the stream `request` produces, learnt by sending it into a counter. */
export async function streamLength(endpoint: ZfsEndpoint, request: SendRequest): Promise<number> {
  const sink = countingSink();
  await endpoint.send(request, sink).done;
  return sink.bytes();
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
