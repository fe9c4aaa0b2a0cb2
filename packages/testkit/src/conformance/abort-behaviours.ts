import type { SendHandle } from "@zrelay/core";
import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectRejected, expectSettled } from "./conformance-expect.js";
import { into, snapshotSeries } from "./conformance-setup.js";
import { streamLength } from "./conformance-transfer.js";
import { CUT_STREAM_FILE_SIZE } from "./interrupted-receive.js";
import { streamCutSink } from "./stream-cut-sink.js";

export const abortBehaviours = [
  behaviour({
    id: "send-abort",
    title:
      "aborting a send mid-stream rejects both the send and the receive, and leaves nothing on the target",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1"], { size: CUT_STREAM_FILE_SIZE });
      const request = { snapshot: `${source}@s1`, raw: false };
      const length = await streamLength(w.endpoint, request);
      const receive = w.endpoint.receive(into(target));
      let send: SendHandle | undefined;
      let cutBeforeStarted = false;
      const abort = (handle: SendHandle) => {
        handle.abort(new Error("aborted by the conformance suite"));
        handle.abort(); // idempotent
      };
      // The adapter, not the suite, must carry the abort to the receive: nothing here ends its sink.
      const sink = streamCutSink(receive.sink, Math.floor(length / 2), {
        kind: "callback",
        onCut: () => {
          if (send === undefined) cutBeforeStarted = true;
          else abort(send);
        },
      });
      send = w.endpoint.send(request, sink);
      if (cutBeforeStarted) abort(send);
      const [sent, received] = await Promise.allSettled([send.done, receive.done]);
      expectRejected(sent, "the aborted send");
      expectRejected(received, "the receive whose send was aborted");
      expect(await w.endpoint.listDatasets(target)).toEqual([]);
    },
  }),
  behaviour({
    id: "receive-abort",
    title:
      "aborting a receive rejects it, the send settles instead of hanging, and nothing is left on the target",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1"], { size: CUT_STREAM_FILE_SIZE });
      const receive = w.endpoint.receive(into(target));
      const send = w.endpoint.send({ snapshot: `${source}@s1`, raw: false }, receive.sink);
      receive.abort(new Error("aborted by the conformance suite"));
      receive.abort(); // idempotent
      const [sent, received] = await Promise.allSettled([send.done, receive.done]);
      expectRejected(received, "the aborted receive");
      // Whether the send failed depends on how much the pipe buffered before the abort.
      expectSettled(sent, "the send into the aborted receive");
      expect(await w.endpoint.listDatasets(target)).toEqual([]);
    },
  }),
];
