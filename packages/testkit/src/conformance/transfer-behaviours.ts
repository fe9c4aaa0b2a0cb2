import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectDataFile, into, replicate, snapshotSeries } from "./conformance-setup.js";
import { datasetOf, historyOf } from "./point-history.js";

export const transferBehaviours = [
  behaviour({
    id: "full-send",
    title:
      "a full send delivers the snapshot with the source's guid and identical files, and leaves the target unmounted",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      // Checked before reading files: a fixture may have to mount to read.
      expect(await w.property(target, "mounted"), "received with -u").toBe("no");
      await expectDataFile(w, `${target}@s1`, contents.get("s1"));
    },
  }),
  behaviour({
    id: "incremental-intermediates",
    title:
      "an incremental send with intermediates (-I) brings every snapshot in between, each with its files",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      await replicate(
        w,
        { snapshot: `${source}@s3`, from: `${source}@s1`, intermediates: true, raw: false },
        into(target),
      );
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      await expectDataFile(w, `${target}@s2`, contents.get("s2"));
      await expectDataFile(w, `${target}@s3`, contents.get("s3"));
    },
  }),
  behaviour({
    id: "incremental-single",
    title: "an incremental send without intermediates (-i) brings only the last snapshot",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      await replicate(
        w,
        { snapshot: `${source}@s3`, from: `${source}@s1`, intermediates: false, raw: false },
        into(target),
      );
      const sourceHistory = await historyOf(w.endpoint, source);
      expect(await historyOf(w.endpoint, target)).toEqual([sourceHistory[0], sourceHistory[2]]);
      await expectDataFile(w, `${target}@s3`, contents.get("s3"));
    },
  }),
  behaviour({
    id: "incremental-from-bookmark",
    title: "an incremental send from a bookmark works after its snapshot was destroyed on the source",
    requires: ["bookmarks"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      const before = await historyOf(w.endpoint, source);
      await w.endpoint.bookmark(`${source}@s1`, `${source}#s1`);
      await w.endpoint.destroy(`${source}@s1`);
      await replicate(
        w,
        { snapshot: `${source}@s2`, from: `${source}#s1`, intermediates: false, raw: false },
        into(target),
      );
      expect(await historyOf(w.endpoint, target)).toEqual(before);
      await expectDataFile(w, `${target}@s2`, contents.get("s2"));
    },
  }),
  behaviour({
    id: "names-with-spaces",
    title: "dataset and snapshot names with spaces survive listing, bookmarks and send/receive",
    async run(w) {
      const source = `${w.sourceRoot}/with space`;
      const target = `${w.targetRoot}/with space`;
      const contents = await snapshotSeries(w, source, ["a b"]);
      expect((await w.endpoint.listDatasets(source)).map((dataset) => dataset.name)).toEqual([source]);
      if (w.endpoint.capabilities.bookmarks) await w.endpoint.bookmark(`${source}@a b`, `${source}#c d`);
      const sourceHistory = await historyOf(w.endpoint, source);
      const names = sourceHistory.map((line) => line.slice(0, line.lastIndexOf(" ")));
      expect(names.sort()).toEqual(w.endpoint.capabilities.bookmarks ? ["#c d", "@a b"] : ["@a b"]);
      await replicate(w, { snapshot: `${source}@a b`, raw: false }, into(target));
      expect(await historyOf(w.endpoint, target)).toEqual(
        sourceHistory.filter((line) => line.startsWith("@")),
      );
      expect((await datasetOf(w.endpoint, target))?.name).toBe(target);
      await expectDataFile(w, `${target}@a b`, contents.get("a b"));
    },
  }),
];
