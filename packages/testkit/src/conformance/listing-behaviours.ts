import { type Dataset, fullName, type SnapshotOrBookmark } from "@zrelay/core";
import { assert, expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { snapshotSeries } from "./conformance-setup.js";
import type { ConformanceWorld } from "./conformance-world.js";
import { findPoint } from "./point-history.js";

export const listingBehaviours = [
  behaviour({
    id: "list-datasets-tree",
    title: "listDatasets returns the root and every descendant, parents before children, and no sibling",
    async run(w) {
      const root = `${w.sourceRoot}/a`;
      // `a-b` shares the prefix `a` but is a sibling: it must not be listed under `a`.
      for (const name of [root, `${root}/b`, `${root}/b/c`, `${root}/d`, `${w.sourceRoot}/a-b`]) {
        await w.createDataset(name);
      }
      const listed = (await w.endpoint.listDatasets(root)).map((dataset) => dataset.name);
      expect([...listed].sort()).toEqual([root, `${root}/b`, `${root}/b/c`, `${root}/d`]);
      expectParentsFirst(listed);
    },
  }),
  behaviour({
    id: "list-datasets-properties",
    title:
      "listDatasets reports type, guid, encryption, keystatus, canmount and resume token as zfs get does",
    async run(w) {
      const name = `${w.sourceRoot}/plain`;
      await w.createDataset(name);
      const dataset = await only(w, name);
      expect(typeof dataset.guid).toBe("bigint");
      expect(dataset).toMatchObject({
        name,
        type: "filesystem",
        guid: BigInt(await w.property(name, "guid")),
        encryption: "off",
        encryptionRoot: undefined,
        keyStatus: "none",
        canmount: await w.property(name, "canmount"),
        resumeToken: undefined,
      });
    },
  }),
  behaviour({
    id: "list-datasets-encryption",
    title:
      "listDatasets reports an encrypted dataset's cipher, encryption root and loaded key, for it and its children",
    async run(w) {
      const root = `${w.sourceRoot}/secret`;
      await w.createDataset(root, { encrypted: true });
      await w.createDataset(`${root}/child`);
      const listed = await w.endpoint.listDatasets(root);
      const expected = { encryption: "aes-256-gcm", encryptionRoot: root, keyStatus: "available" };
      expect(listed.map((dataset) => ({ name: dataset.name, ...pick(dataset) }))).toEqual([
        { name: root, ...expected },
        { name: `${root}/child`, ...expected },
      ]);
    },
  }),
  behaviour({
    id: "list-datasets-absent",
    title: "listDatasets of a dataset that does not exist returns an empty list",
    async run(w) {
      expect(await w.endpoint.listDatasets(`${w.sourceRoot}/absent`)).toEqual([]);
    },
  }),
  behaviour({
    id: "list-snapshots-subtree",
    title:
      "listSnapshots returns every snapshot and bookmark of the whole subtree in one call, oldest first, guid and createtxg as bigint",
    async run(w) {
      const root = `${w.sourceRoot}/a`;
      await snapshotSeries(w, root, ["s1"]);
      await snapshotSeries(w, `${root}/b`, ["s1"]);
      await snapshotSeries(w, root, ["s2", "s3"], { exists: true });
      await snapshotSeries(w, `${w.sourceRoot}/a-b`, ["s1"]); // a sibling: not listed
      await w.snapshot(`${w.sourceRoot}@s1`); // the parent: not listed
      const expected = [`${root}@s1`, `${root}@s2`, `${root}@s3`, `${root}/b@s1`];
      if (w.endpoint.capabilities.bookmarks) {
        await w.endpoint.bookmark(`${root}@s2`, `${root}#b2`);
        expected.push(`${root}#b2`);
      }

      const listed = await w.endpoint.listSnapshots(root);
      expect(listed.map(fullName).sort()).toEqual(expected.sort());
      for (const point of listed) await expectAsZfsGetSays(w, point);
      expectOldestFirst(listed);
      expect(listed.filter((p) => p.dataset === root && p.kind === "snapshot").map((p) => p.name)).toEqual([
        "s1",
        "s2",
        "s3",
      ]);
      if (w.endpoint.capabilities.bookmarks) {
        expect(findPoint(listed, `${root}#b2`)?.guid).toBe(findPoint(listed, `${root}@s2`)?.guid);
      }
    },
  }),
  behaviour({
    id: "list-snapshots-absent",
    title: "listSnapshots of a dataset that does not exist returns an empty list",
    async run(w) {
      expect(await w.endpoint.listSnapshots(`${w.sourceRoot}/absent`)).toEqual([]);
    },
  }),
];

async function only(w: ConformanceWorld, name: string): Promise<Dataset> {
  const listed = await w.endpoint.listDatasets(name);
  expect(listed.map((dataset) => dataset.name)).toEqual([name]);
  return listed[0] as Dataset;
}

function pick(dataset: Dataset): Pick<Dataset, "encryption" | "encryptionRoot" | "keyStatus"> {
  return {
    encryption: dataset.encryption,
    encryptionRoot: dataset.encryptionRoot,
    keyStatus: dataset.keyStatus,
  };
}

function expectParentsFirst(names: readonly string[]): void {
  names.forEach((name, index) => {
    const parent = name.slice(0, name.lastIndexOf("/"));
    const parentIndex = names.indexOf(parent);
    if (parentIndex !== -1) expect(parentIndex, `${parent} is listed before ${name}`).toBeLessThan(index);
  });
}

async function expectAsZfsGetSays(w: ConformanceWorld, point: SnapshotOrBookmark): Promise<void> {
  const name = fullName(point);
  expect(typeof point.guid, `guid of ${name}`).toBe("bigint");
  expect(typeof point.createtxg, `createtxg of ${name}`).toBe("bigint");
  expect(point.guid, `guid of ${name}`).toBe(BigInt(await w.property(name, "guid")));
  expect(point.createtxg, `createtxg of ${name}`).toBe(BigInt(await w.property(name, "createtxg")));
  expect(point.creation, `creation of ${name}`).toBeGreaterThan(0);
}

function expectOldestFirst(points: readonly SnapshotOrBookmark[]): void {
  const last = new Map<string, SnapshotOrBookmark>();
  for (const point of points) {
    const previous = last.get(point.dataset);
    if (previous !== undefined && previous.createtxg > point.createtxg) {
      assert.fail(
        `${fullName(previous)} (txg ${previous.createtxg}) is listed before the older ${fullName(point)}`,
      );
    }
    last.set(point.dataset, point);
  }
}
