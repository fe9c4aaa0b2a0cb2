import { ErrorCode } from "@zrelay/core";
import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectFailure } from "./conformance-expect.js";
import { into, replicate, snapshotSeries } from "./conformance-setup.js";
import { transfer } from "./conformance-transfer.js";
import { countingSink } from "./counting-sink.js";
import { historyOf } from "./point-history.js";

export const sendBehaviours = [
  behaviour({
    id: "send-reports-bytes",
    title: "a send's done and progress report exactly the bytes written to the sink",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      const sink = countingSink();
      const send = w.endpoint.send({ snapshot: `${source}@s1`, raw: false }, sink);
      const { bytes } = await send.done;
      expect(sink.bytes()).toBeGreaterThan(0);
      expect(bytes).toBe(sink.bytes());
      expect(send.progress().bytes).toBe(sink.bytes());
    },
  }),
  behaviour({
    id: "estimate-send-size",
    title:
      "estimateSendSize gives a positive size for full and incremental sends, or undefined when it cannot tell",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2"]);
      const full = await w.endpoint.estimateSendSize({ snapshot: `${source}@s1`, raw: false });
      const incremental = await w.endpoint.estimateSendSize({
        snapshot: `${source}@s2`,
        from: `${source}@s1`,
        intermediates: false,
        raw: false,
      });
      for (const estimate of [full, incremental]) {
        if (estimate !== undefined) expect(estimate).toBeGreaterThan(0);
      }
    },
  }),
  behaviour({
    id: "send-absent-snapshot",
    title:
      "a send of a snapshot that does not exist fails with DATASET_NOT_FOUND naming it, and nothing arrives",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      const outcome = await transfer(w.endpoint, { snapshot: `${source}@absent`, raw: false }, into(target));
      expectFailure(
        outcome.send,
        ErrorCode.DATASET_NOT_FOUND,
        "send of an absent snapshot",
        `${source}@absent`,
      );
      expect(await w.endpoint.listDatasets(target)).toEqual([]);
    },
  }),
  behaviour({
    id: "intermediates-from-bookmark-refused",
    title:
      "an incremental send with intermediates (-I) from a bookmark is refused with UNSUPPORTED and nothing arrives",
    requires: ["bookmarks"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      await w.endpoint.bookmark(`${source}@s1`, `${source}#s1`);
      const before = await historyOf(w.endpoint, target);
      const outcome = await transfer(
        w.endpoint,
        { snapshot: `${source}@s2`, from: `${source}#s1`, intermediates: true, raw: false },
        into(target),
      );
      expectFailure(outcome.send, ErrorCode.UNSUPPORTED, `send -I ${source}#s1`, source);
      expect(await historyOf(w.endpoint, target)).toEqual(before);
    },
  }),
];
