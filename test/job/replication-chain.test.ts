import { type ChainNotice, fullName, keepReplicationChain, type Snapshot } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";

// keepReplicationChain on fakes: what it leaves on the source, and what it never touches.
function world() {
  const zfs = new FakeZfs({ clock: () => 1_767_225_600_000 });
  zfs.createPool("tank");
  zfs.createDataset("tank/data");
  for (const name of ["s1", "s2", "s3"]) zfs.snapshot(`tank/data@${name}`);
  const backup = new FakeZfs({ clock: () => 1_767_225_600_000 });
  backup.createPool("backup");
  return {
    zfs,
    source: createFakeEndpoint(zfs, { host: "host-storage" }),
    target: createFakeEndpoint(backup),
  };
}

async function stateOf(w: ReturnType<typeof world>) {
  const points = await w.source.listSnapshots("tank/data");
  const snapshot = (name: string) => points.find((p) => p.kind === "snapshot" && p.name === name) as Snapshot;
  return {
    snapshot,
    state: {
      source: "tank/data",
      target: "backup/data",
      bookmarks: points.filter((p) => p.kind === "bookmark"),
      previousSource: undefined,
      previousTarget: undefined,
    },
  };
}

const bookmarksOf = async (w: ReturnType<typeof world>) =>
  (await w.source.listSnapshots("tank/data")).filter((p) => p.kind === "bookmark").map(fullName);

describe("keepReplicationChain", () => {
  it("bookmarks the newest, then destroys only this tag's older bookmarks", async () => {
    const w = world();
    w.zfs.bookmark("tank/data@s1", "tank/data#zrelay_disk-1_s1");
    w.zfs.bookmark("tank/data@s1", "tank/data#zrelay_disk-10_s1"); // another tag sharing a start
    w.zfs.bookmark("tank/data@s1", "tank/data#sanoid-keep"); // the user's own
    const { state, snapshot } = await stateOf(w);
    const notices: ChainNotice[] = [];
    const context = {
      source: w.source,
      target: w.target,
      settings: { tag: "disk-1", hold: false },
      notify: (n: ChainNotice) => notices.push(n),
    };
    const record = await keepReplicationChain(state, snapshot("s3"), context, true);
    expect(record).toEqual({ bookmark: "tank/data#zrelay_disk-1_s3", held: [] });
    expect((await bookmarksOf(w)).sort()).toEqual([
      "tank/data#sanoid-keep",
      "tank/data#zrelay_disk-10_s1",
      "tank/data#zrelay_disk-1_s3",
    ]);
    expect(notices).toEqual([]);
  });

  it("a refused bookmark is a warning with the failure, and the older bookmark stays as the base", async () => {
    const w = world();
    w.zfs.bookmark("tank/data@s1", "tank/data#zrelay_disk-1_s1");
    const { state, snapshot } = await stateOf(w);
    const notices: ChainNotice[] = [];
    const refusing = {
      ...w.source,
      capabilities: w.source.capabilities,
      bookmark: async () => {
        throw new Error("cannot create bookmark: permission denied");
      },
    };
    const context = {
      source: refusing,
      target: w.target,
      settings: { tag: "disk-1", hold: false },
      notify: (n: ChainNotice) => notices.push(n),
    };
    expect(await keepReplicationChain(state, snapshot("s3"), context, true)).toEqual({
      bookmark: undefined,
      held: [],
    });
    expect(notices.map((n) => [n.level, n.dataset, n.host, n.message])).toEqual([
      [
        "warning",
        "tank/data",
        "host-storage",
        "could not bookmark tank/data@s3 as tank/data#zrelay_disk-1_s3, so the next incremental needs @s3 kept on the source: cannot create bookmark: permission denied",
      ],
    ]);
    expect(await bookmarksOf(w)).toEqual(["tank/data#zrelay_disk-1_s1"]);
  });
});
