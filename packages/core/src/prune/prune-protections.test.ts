import { describe, expect, it } from "vitest";
import type { Bookmark, Snapshot } from "../model/snapshot.js";
import { pruneProtections } from "./prune-protections.js";

const snapshot = (name: string, guid: bigint, createtxg: bigint): Snapshot => ({
  kind: "snapshot",
  dataset: "backup/data",
  name,
  guid,
  createtxg,
  creation: 1_790_000_000 + Number(createtxg),
});
const bookmark = (name: string, guid: bigint): Bookmark => ({
  ...snapshot(name, guid, 1n),
  kind: "bookmark",
});

const here = [snapshot("a", 1n, 1n), snapshot("b", 2n, 2n), snapshot("c", 3n, 3n)];

describe("what replication still needs", () => {
  it("the newest snapshot both sides have, matched by guid, not by name", () => {
    const other = [snapshot("a", 1n, 10n), snapshot("b-renamed", 2n, 11n), snapshot("c", 99n, 12n)];
    expect(
      pruneProtections({
        snapshots: here,
        bookmarks: [],
        counterpart: { name: "src:tank/data", snapshots: other },
      }),
    ).toEqual([
      { guid: 2n, reason: "newest snapshot common with src:tank/data (the next incremental's base)" },
    ]);
  });

  it("the snapshot of each zrelay chain bookmark, and both ends of an interrupted receive", () => {
    expect(
      pruneProtections({
        snapshots: here,
        bookmarks: [bookmark("zrelay_offsite_a", 1n), bookmark("mine", 3n)],
        counterpart: { name: "src:tank/data", snapshots: [] },
        resumeToken: {
          token: "1-x",
          toName: "tank/data@d",
          toGuid: 4n,
          fromGuid: 3n,
          bytes: 10n,
          raw: false,
        },
      }),
    ).toEqual([
      { guid: 1n, reason: "base of zrelay's chain bookmark #zrelay_offsite_a" },
      { guid: 4n, reason: "being received (interrupted receive of tank/data@d)" },
      { guid: 3n, reason: "base of the interrupted receive of tank/data@d" },
    ]);
  });

  it("nothing in common, no bookmark, no token: nothing beyond what planPrune keeps itself", () => {
    expect(
      pruneProtections({ snapshots: here, bookmarks: [], counterpart: { name: "x", snapshots: [] } }),
    ).toEqual([]);
  });
});
