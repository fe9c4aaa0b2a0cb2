import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectDataFile, into, replicate, snapshotSeries } from "./conformance-setup.js";
import { CUT_STREAM_FILE_SIZE, interruptedReceive } from "./interrupted-receive.js";
import { datasetOf, historyOf } from "./point-history.js";

const size = CUT_STREAM_FILE_SIZE;

export const resumeBehaviours = [
  behaviour({
    id: "resume-full",
    title:
      "an interrupted resumable full receive leaves a resume token, and sending from it completes the snapshot",
    requires: ["resume"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1"], { size });
      const resumeToken = await interruptedReceive(w, { snapshot: `${source}@s1`, raw: false }, target);
      await replicate(w, { snapshot: `${source}@s1`, raw: false, resumeToken }, into(target, true));
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      expect((await datasetOf(w.endpoint, target))?.resumeToken).toBeUndefined();
      await expectDataFile(w, `${target}@s1`, contents.get("s1"));
    },
  }),
  behaviour({
    id: "resume-incremental",
    title:
      "an interrupted resumable incremental receive keeps the target's snapshots and resumes to the new one",
    requires: ["resume"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2"], { size });
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      const before = await historyOf(w.endpoint, target);
      const incremental = {
        snapshot: `${source}@s2`,
        from: `${source}@s1`,
        intermediates: false,
        raw: false,
      };
      const resumeToken = await interruptedReceive(w, incremental, target);
      expect(await historyOf(w.endpoint, target)).toEqual(before);
      await replicate(w, { ...incremental, resumeToken }, into(target, true));
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      expect((await datasetOf(w.endpoint, target))?.resumeToken).toBeUndefined();
      await expectDataFile(w, `${target}@s2`, contents.get("s2"));
    },
  }),
  behaviour({
    id: "abort-resumable-full",
    title: "abortResumableReceive after an interrupted full receive removes the partial dataset",
    requires: ["resume"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      await snapshotSeries(w, source, ["s1"], { size });
      await interruptedReceive(w, { snapshot: `${source}@s1`, raw: false }, target);
      await w.endpoint.abortResumableReceive(target);
      expect(await w.endpoint.listDatasets(target)).toEqual([]);
    },
  }),
  behaviour({
    id: "abort-resumable-incremental",
    title:
      "abortResumableReceive after an interrupted incremental clears the token, keeps the snapshots, and the incremental can start over",
    requires: ["resume"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const target = `${w.targetRoot}/data`;
      const contents = await snapshotSeries(w, source, ["s1", "s2"], { size });
      await replicate(w, { snapshot: `${source}@s1`, raw: false }, into(target));
      const before = await historyOf(w.endpoint, target);
      const incremental = {
        snapshot: `${source}@s2`,
        from: `${source}@s1`,
        intermediates: false,
        raw: false,
      };
      await interruptedReceive(w, incremental, target);
      await w.endpoint.abortResumableReceive(target);
      expect((await datasetOf(w.endpoint, target))?.resumeToken).toBeUndefined();
      expect(await historyOf(w.endpoint, target)).toEqual(before);
      await replicate(w, incremental, into(target));
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      await expectDataFile(w, `${target}@s2`, contents.get("s2"));
    },
  }),
];
