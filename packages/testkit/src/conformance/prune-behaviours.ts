import { ErrorCode } from "@zrelay/core";
import { expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectRejection } from "./conformance-expect.js";
import { snapshotSeries } from "./conformance-setup.js";
import { findPoint, historyOf } from "./point-history.js";

// What retention relies on: one batched destroy per dataset that takes exactly the
// named snapshots or none, and a listing that says which snapshots are held.
export const pruneBehaviours = [
  behaviour({
    id: "destroy-snapshots-batch",
    title:
      "destroySnapshots destroys exactly the named snapshots of one dataset in one call, skips names already gone, and leaves bookmarks, other snapshots and children",
    requires: ["bookmarks"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      const child = `${source}/child`;
      await snapshotSeries(w, source, ["s1", "s2", "s3", "s4"]);
      await snapshotSeries(w, child, ["s1"]);
      await w.endpoint.bookmark(`${source}@s1`, `${source}#s1`);
      const before = await historyOf(w.endpoint, source);
      await w.endpoint.destroySnapshots(source, ["s1", "s3", "gone"]);
      const survivors = before.filter((line) => !/^@s[13] /.test(line));
      expect(survivors.map((line) => line.split(" ")[0])).toEqual(["#s1", "@s2", "@s4"]);
      expect(await historyOf(w.endpoint, source)).toEqual(survivors);
      expect(await historyOf(w.endpoint, child)).toHaveLength(1);
      await w.endpoint.destroySnapshots(source, []);
      await w.endpoint.destroySnapshots(source, ["s1"]);
      expect(await historyOf(w.endpoint, source)).toHaveLength(3);
    },
  }),
  behaviour({
    id: "destroy-snapshots-held",
    title:
      "destroySnapshots with a held snapshot in the list fails with SNAPSHOT_HELD and destroys none of them; the listing reports userrefs",
    requires: ["holds"],
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2", "s3"]);
      await w.endpoint.hold(`${source}@s2`, "backup-tool");
      const listed = await w.endpoint.listSnapshots(source);
      expect(findPoint(listed, `${source}@s2`)).toMatchObject({ userrefs: 1 });
      expect(findPoint(listed, `${source}@s1`)).toMatchObject({ userrefs: 0 });
      const before = await historyOf(w.endpoint, source);
      await expectRejection(
        w.endpoint.destroySnapshots(source, ["s1", "s2"]),
        ErrorCode.SNAPSHOT_HELD,
        `destroySnapshots ${source}@s1,s2`,
      );
      expect(await historyOf(w.endpoint, source)).toEqual(before);
      await w.endpoint.release(`${source}@s2`, "backup-tool");
    },
  }),
  behaviour({
    id: "destroy-snapshots-refuses-names",
    title:
      "destroySnapshots refuses a dataset name, a snapshot name with @ or / in it, or a comma, with INVALID_NAME, and destroys nothing",
    async run(w) {
      const source = `${w.sourceRoot}/data`;
      await snapshotSeries(w, source, ["s1", "s2"]);
      const before = await historyOf(w.endpoint, source);
      for (const [dataset, names] of [
        [`${source}@s1`, ["s2"]],
        [source, ["s1,s2"]],
        [source, ["s1@s2"]],
        [source, ["child/x"]],
        [source, [""]],
      ] as const) {
        await expectRejection(
          w.endpoint.destroySnapshots(dataset, names),
          ErrorCode.INVALID_NAME,
          `destroySnapshots ${dataset} ${names.join(" ")}`,
        );
      }
      expect(await historyOf(w.endpoint, source)).toEqual(before);
    },
  }),
] as const;
