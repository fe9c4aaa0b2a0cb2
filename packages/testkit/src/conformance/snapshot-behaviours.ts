import { ErrorCode } from "@zrelay/core";
import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectFailure, expectRejection } from "./conformance-expect.js";
import { expectDataFile, snapshotSeries } from "./conformance-setup.js";
import { datasetOf, findPoint, historyOf } from "./point-history.js";

export const snapshotBehaviours = [
  behaviour({
    id: "hold-prevents-destroy",
    title:
      "a held snapshot cannot be destroyed (SNAPSHOT_HELD), holds lists the tag, and release lets destroy proceed",
    requires: ["holds"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const snapshot = `${source}@s1`;
      await snapshotSeries(w, source, ["s1"]);
      expect(await w.endpoint.holds(snapshot)).toEqual([]);
      await w.endpoint.hold(snapshot, "zrelay");
      expect(await w.endpoint.holds(snapshot)).toEqual(["zrelay"]);
      await expectRejection(
        w.endpoint.destroy(snapshot),
        ErrorCode.SNAPSHOT_HELD,
        `destroy ${snapshot}`,
        snapshot,
      );
      expect(await historyOf(w.endpoint, source)).toHaveLength(1);
      await w.endpoint.release(snapshot, "zrelay");
      expect(await w.endpoint.holds(snapshot)).toEqual([]);
      await w.endpoint.destroy(snapshot);
      expect(await historyOf(w.endpoint, source)).toEqual([]);
    },
  }),
  behaviour({
    id: "bookmark-keeps-guid",
    title: "bookmark creates #name with the snapshot's guid and createtxg",
    requires: ["bookmarks"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      await w.endpoint.bookmark(`${source}@s1`, `${source}#b`);
      const listed = await w.endpoint.listSnapshots(source);
      const snapshot = findPoint(listed, `${source}@s1`);
      const bookmark = findPoint(listed, `${source}#b`);
      expect(bookmark?.kind).toBe("bookmark");
      expect(bookmark?.guid).toBe(snapshot?.guid);
      expect(bookmark?.createtxg).toBe(snapshot?.createtxg);
    },
  }),
  behaviour({
    id: "create-snapshots-atomic",
    title: "createSnapshots takes every named snapshot in one command, in one transaction group",
    async run(w) {
      const [a, b] = [`${w.sourceRoot}/a`, `${w.sourceRoot}/b b`];
      await w.createDataset(a);
      await w.createDataset(b);
      await w.endpoint.createSnapshots([`${a}@x`, `${b}@x`]);
      const listed = await w.endpoint.listSnapshots(w.sourceRoot);
      const [onA, onB] = [findPoint(listed, `${a}@x`), findPoint(listed, `${b}@x`)];
      expect(onA?.kind).toBe("snapshot");
      expect(onB?.kind).toBe("snapshot");
      // One lzc_snapshot call: both in the same transaction group.
      expect(onA?.createtxg).toBe(onB?.createtxg);
    },
  }),
  behaviour({
    id: "create-snapshots-all-or-none",
    title:
      "createSnapshots creates none when one name exists (DATASET_EXISTS) or one dataset is missing (DATASET_NOT_FOUND)",
    async run(w) {
      const [a, b] = [`${w.sourceRoot}/a`, `${w.sourceRoot}/b`];
      await w.createDataset(a);
      await w.createDataset(b);
      await w.snapshot(`${a}@taken`);
      const before = [await historyOf(w.endpoint, a), await historyOf(w.endpoint, b)];
      await expectRejection(
        w.endpoint.createSnapshots([`${b}@taken`, `${a}@taken`]),
        ErrorCode.DATASET_EXISTS,
        `createSnapshots(${b}@taken, ${a}@taken) with ${a}@taken existing`,
        `${a}@taken`,
      );
      await expectRejection(
        w.endpoint.createSnapshots([`${a}@new`, `${w.sourceRoot}/missing@new`]),
        ErrorCode.DATASET_NOT_FOUND,
        `createSnapshots(${a}@new, ${w.sourceRoot}/missing@new)`,
        `${w.sourceRoot}/missing`,
      );
      expect([await historyOf(w.endpoint, a), await historyOf(w.endpoint, b)]).toEqual(before);
    },
  }),
  behaviour({
    id: "rollback-destroys-later",
    title: "rollback destroys every later snapshot and restores the snapshot's files",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      const [first] = await historyOf(w.endpoint, source);
      await w.endpoint.rollback(`${source}@s1`);
      expect(await historyOf(w.endpoint, source)).toEqual([first]);
      await w.snapshot(`${source}@after`); // what the live dataset holds now
      await expectDataFile(w, `${source}@after`, contents.get("s1"));
    },
  }),
  behaviour({
    id: "destroy-snapshot",
    title: "destroy removes exactly the named snapshot",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2"]);
      const [, second] = await historyOf(w.endpoint, source);
      await w.endpoint.destroy(`${source}@s1`);
      expect(await historyOf(w.endpoint, source)).toEqual([second]);
    },
  }),
  behaviour({
    id: "destroy-bookmark",
    title: "destroy removes a bookmark and leaves its snapshot",
    requires: ["bookmarks"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      const before = await historyOf(w.endpoint, source);
      await w.endpoint.bookmark(`${source}@s1`, `${source}#b`);
      await w.endpoint.destroy(`${source}#b`);
      expect(await historyOf(w.endpoint, source)).toEqual(before);
    },
  }),
  behaviour({
    id: "destroy-refuses-dataset",
    title: "destroy refuses a dataset name and leaves the dataset and its snapshots in place",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      const before = await historyOf(w.endpoint, source);
      const [result] = await Promise.allSettled([w.endpoint.destroy(source)]);
      expectFailure(result, ErrorCode.INVALID_NAME, `destroy(${source}) of a dataset`, source);
      expect((await datasetOf(w.endpoint, source))?.name).toBe(source);
      expect(await historyOf(w.endpoint, source)).toEqual(before);
    },
  }),
  behaviour({
    id: "create-parents",
    title:
      "createParents creates the missing ancestors with the given properties and leaves existing ones alone",
    async run(w) {
      const existing = `${w.targetRoot}/pool`;
      await w.createDataset(existing);
      const guid = (await datasetOf(w.endpoint, existing))?.guid;
      const canmount = await w.property(existing, "canmount");
      const dataset = `${existing}/a/b/data`;
      const options = { properties: { canmount: "off" } };
      await w.endpoint.createParents(dataset, options);
      await w.endpoint.createParents(dataset, options); // nothing left to create
      expect((await w.endpoint.listDatasets(existing)).map((d) => [d.name, d.canmount])).toEqual([
        [existing, canmount],
        [`${existing}/a`, "off"],
        [`${existing}/a/b`, "off"],
      ]);
      expect(await w.property(`${existing}/a/b`, "canmount")).toBe("off");
      expect((await datasetOf(w.endpoint, existing))?.guid).toBe(guid);
    },
  }),
];
