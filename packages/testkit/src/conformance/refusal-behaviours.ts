import { ErrorCode } from "@zrelay/core";
import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectFailure } from "./conformance-expect.js";
import { DATA_FILE, expectDataFile, into, replicate, snapshotSeries } from "./conformance-setup.js";
import { transfer } from "./conformance-transfer.js";
import { fileContent } from "./file-content.js";
import { datasetOf, historyOf } from "./point-history.js";

export const refusalBehaviours = [
  behaviour({
    id: "full-receive-onto-existing",
    title:
      "a full receive onto an existing dataset, with or without snapshots, is refused without force (DATASET_EXISTS) and changes nothing",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1"]);
      await w.createDataset(target);
      await w.writeFile(target, DATA_FILE, fileContent("the target's own data"));
      const guid = (await datasetOf(w.endpoint, target))?.guid;
      const send = { snapshot: `${source}@s1`, raw: false };

      const intoEmpty = await transfer(w.endpoint, send, into(target));
      expectFailure(intoEmpty.receive, ErrorCode.DATASET_EXISTS, `full receive into ${target}`, target);
      expect(await historyOf(w.endpoint, target)).toEqual([]);
      expect((await datasetOf(w.endpoint, target))?.guid, `guid of ${target}`).toBe(guid);

      const targetContents = await snapshotSeries(w, target, ["t1"], { exists: true });
      const before = await historyOf(w.endpoint, target);
      const intoSnapshotted = await transfer(w.endpoint, send, into(target));
      expectFailure(intoSnapshotted.receive, ErrorCode.DATASET_EXISTS, `full receive into ${target}`, target);
      expect(await historyOf(w.endpoint, target)).toEqual(before);
      await expectDataFile(w, `${target}@t1`, targetContents.get("t1"));
    },
  }),
  behaviour({
    id: "incremental-base-missing",
    title:
      "an incremental whose base is not on the target is refused with INCREMENTAL_MISMATCH and changes nothing",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      const before = await historyOf(w.endpoint, target);
      const outcome = await transfer(
        w.endpoint,
        { snapshot: `${source}@s3`, from: `${source}@s2`, intermediates: false, raw: false },
        into(target),
      );
      expectFailure(
        outcome.receive,
        ErrorCode.INCREMENTAL_MISMATCH,
        `incremental @s2→@s3 into ${target}`,
        target,
      );
      expect(await historyOf(w.endpoint, target)).toEqual(before);
    },
  }),
  behaviour({
    id: "incremental-base-not-latest",
    title: "an incremental from an older target snapshot (not its latest) is refused and changes nothing",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      await replicate(
        w,
        { snapshot: `${source}@s2`, from: `${source}@s1`, intermediates: false, raw: false },
        into(target),
      );
      const before = await historyOf(w.endpoint, target);
      const outcome = await transfer(
        w.endpoint,
        { snapshot: `${source}@s3`, from: `${source}@s1`, intermediates: false, raw: false },
        into(target),
      );
      // OpenZFS finds @s1 below the newer @s2 and reports "destination has been modified".
      expectFailure(
        outcome.receive,
        [ErrorCode.INCREMENTAL_MISMATCH, ErrorCode.DESTINATION_MODIFIED],
        `incremental @s1→@s3 into ${target}`,
        target,
      );
      expect(await historyOf(w.endpoint, target)).toEqual(before);
    },
  }),
  behaviour({
    id: "destination-modified",
    title:
      "an incremental onto a target written since its latest snapshot is refused with DESTINATION_MODIFIED",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2"]);
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      await w.writeFile(target, "local-change.bin", fileContent("written on the target"));
      const before = await historyOf(w.endpoint, target);
      const outcome = await transfer(
        w.endpoint,
        { snapshot: `${source}@s2`, from: `${source}@s1`, intermediates: false, raw: false },
        into(target),
      );
      expectFailure(outcome.receive, ErrorCode.DESTINATION_MODIFIED, `incremental into ${target}`, target);
      expect(await historyOf(w.endpoint, target)).toEqual(before);
    },
  }),
];
