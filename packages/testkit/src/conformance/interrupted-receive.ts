import { ErrorCode, type SendRequest } from "@zrelay/core";
import { expect } from "vitest";
import { expectFailure } from "./conformance-expect.js";
import { into } from "./conformance-setup.js";
import { streamLength, transfer } from "./conformance-transfer.js";
import type { ConformanceWorld } from "./conformance-world.js";
import { datasetOf } from "./point-history.js";
import { streamCutSink } from "./stream-cut-sink.js";

/**
 * Size of `DATA_FILE` in behaviours that cut a stream: large enough that file
 * data dominates the stream, so its middle lies inside the payload.
 */
export const CUT_STREAM_FILE_SIZE = 128 * 1024;

/**
 * A resumable receive of `send` into `target`, its stream cut half way as a
 * dropped connection would. Expects the receive to fail as interrupted and the
 * target to carry a resume token, and returns that token.
 */
export async function interruptedReceive(
  world: ConformanceWorld,
  send: SendRequest,
  target: string,
): Promise<string> {
  const length = await streamLength(world.endpoint, send);
  const cut = Math.floor(length / 2);
  const outcome = await transfer(world.endpoint, send, into(target, true), {
    wrapSink: (sink) => streamCutSink(sink, cut, { kind: "end" }),
  });
  expectFailure(
    outcome.receive,
    [ErrorCode.TRANSFER_INTERRUPTED, ErrorCode.STREAM_INVALID],
    `resumable receive into ${target} of a stream cut after ${cut} of ${length} bytes`,
    target,
  );
  const token = (await datasetOf(world.endpoint, target))?.resumeToken;
  expect(token, `resume token listed on ${target}`).toEqual(expect.stringMatching(/\S/));
  return token as string;
}
