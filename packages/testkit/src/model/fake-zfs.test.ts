import { ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { FakeZfs } from "./fake-zfs.js";
import { failure } from "./fake-zfs-failure.fixture.js";

const T0 = Date.UTC(2026, 0, 3, 12, 0, 0);

function world(): FakeZfs {
  let now = T0;
  const zfs = new FakeZfs({ clock: () => (now += 1000), guidSeed: 42n });
  zfs.createPool("tank");
  zfs.createDataset("tank/data");
  return zfs;
}

describe("FakeZfs datasets", () => {
  it("needs the parent unless -p, and creates ancestors with -p", () => {
    const zfs = world();
    expect(failure(() => zfs.createDataset("tank/a/b")).message).toBe(
      "cannot create 'tank/a/b': parent does not exist",
    );
    zfs.createDataset("tank/a/b", { parents: true });
    expect(zfs.listDatasets("tank").map((d) => d.name)).toEqual(["tank", "tank/a", "tank/a/b", "tank/data"]);
    expect(failure(() => zfs.createDataset("tank/data")).message).toBe(
      "cannot create 'tank/data': dataset already exists",
    );
    expect(failure(() => zfs.createDataset("pool/x")).message).toBe(
      "cannot create 'pool/x': no such pool 'pool'",
    );
  });

  it("draws 64-bit guids from the seed, deterministically", () => {
    const guids = (seed: bigint) => {
      const zfs = new FakeZfs({ clock: () => T0, guidSeed: seed });
      zfs.createPool("tank");
      return Array.from({ length: 8 }, (_, i) => zfs.snapshot(`tank@s${i}`));
    };
    expect(guids(7n)).toEqual(guids(7n));
    expect(guids(7n)).not.toEqual(guids(8n));
    expect(guids(7n).some((guid) => guid > 2n ** 53n)).toBe(true);
  });

  it("advances the pool txg on every change", () => {
    const zfs = world();
    const created = zfs.dataset("tank/data").createtxg;
    zfs.writeFile("tank/data", "a", "1");
    zfs.snapshot("tank/data@a");
    zfs.bookmark("tank/data@a", "#a");
    const [snapshot, bookmark] = zfs.listSnapshots("tank/data");
    expect(snapshot?.createtxg).toBeGreaterThan(created + 1n);
    expect(bookmark).toMatchObject({
      kind: "bookmark",
      guid: snapshot?.guid,
      createtxg: snapshot?.createtxg,
    });
    expect(snapshot?.creation).toBeGreaterThan(T0 / 1000);
  });

  it("inherits encryption into children and follows the root's key", () => {
    const zfs = world();
    zfs.createDataset("tank/secret", { properties: { encryption: "on", keyformat: "passphrase" } });
    zfs.createDataset("tank/secret/child");
    expect(zfs.dataset("tank/secret/child")).toMatchObject({
      encryption: "aes-256-gcm",
      encryptionRoot: "tank/secret",
      keyStatus: "available",
    });
    zfs.unloadKey("tank/secret");
    expect(zfs.dataset("tank/secret/child").keyStatus).toBe("unavailable");
    expect(zfs.dataset("tank/data")).toMatchObject({
      encryption: "off",
      encryptionRoot: undefined,
      keyStatus: "none",
    });
    expect(failure(() => zfs.loadKey("tank/secret/child")).message).toBe(
      "Key load error: Keys must be loaded for encryption root of 'tank/secret/child' (tank/secret).",
    );
    expect(failure(() => zfs.createDataset("tank/x", { properties: { encryption: "on" } })).message).toBe(
      "cannot create 'tank/x': Keyformat required for new encryption root.",
    );
  });

  it("reads inherited user properties and takes the payload size from zrelay:fake-stream-bytes", () => {
    const zfs = world();
    zfs.setProperty("tank", "zrelay:fake-stream-bytes", "5000000000");
    zfs.snapshot("tank/data@big");
    const [big] = zfs.listSnapshots("tank/data");
    expect(big).toMatchObject({ payloadBytes: 5_000_000_000 });
    expect(zfs.getProperty("tank/data", "zrelay:fake-stream-bytes")).toEqual({
      value: "5000000000",
      source: "inherited from tank",
    });
    expect(zfs.getProperty("tank/data", "mountpoint")).toEqual({ value: "/tank/data", source: "default" });
  });
});

describe("FakeZfs snapshots", () => {
  it("marks a dataset modified by a write until the next snapshot", () => {
    const zfs = world();
    zfs.snapshot("tank/data@a");
    expect(zfs.dataset("tank/data").modified).toBe(false);
    zfs.writeFile("tank/data", "f", "x");
    expect(zfs.dataset("tank/data").modified).toBe(true);
    expect(zfs.getProperty("tank/data", "written").value).not.toBe("0");
    zfs.snapshot("tank/data@b");
    expect(zfs.dataset("tank/data").modified).toBe(false);
  });

  it("refuses to destroy a held snapshot with ZFS's text", () => {
    const zfs = world();
    zfs.snapshot("tank/data@a");
    zfs.hold("tank/data@a", "zrelay");
    const error = failure(() => zfs.destroy("tank/data@a"));
    expect(error.message).toBe(
      "cannot destroy snapshot tank/data@a: it's being held. Run 'zfs holds -r tank/data@a' to see holders.",
    );
    expect(error.code).toBe(ErrorCode.SNAPSHOT_HELD);
    expect(zfs.holds("tank/data@a").map((h) => h.tag)).toEqual(["zrelay"]);
    zfs.release("tank/data@a", "zrelay");
    zfs.destroy("tank/data@a");
    expect(zfs.exists("tank/data@a")).toBe(false);
  });

  it("rolls back only to the latest unless told to destroy newer snapshots and bookmarks", () => {
    const zfs = world();
    zfs.writeFile("tank/data", "f", "a");
    zfs.snapshot("tank/data@a");
    zfs.writeFile("tank/data", "f", "b");
    zfs.snapshot("tank/data@b");
    zfs.bookmark("tank/data@b", "#b");
    zfs.writeFile("tank/data", "f", "c");
    expect(failure(() => zfs.rollback("tank/data@a")).message).toBe(
      [
        "cannot rollback to 'tank/data@a': more recent snapshots or bookmarks exist",
        "use '-r' to force deletion of the following snapshots and bookmarks:",
        "tank/data@b",
        "tank/data#b",
      ].join("\n"),
    );
    expect(zfs.rollback("tank/data@a", { destroyNewer: true })).toEqual(["tank/data@b", "tank/data#b"]);
    expect(Buffer.from(zfs.readFile("tank/data", "f") ?? []).toString()).toBe("a");
    expect(zfs.dataset("tank/data").modified).toBe(false);
  });

  it.each([
    [
      "open a missing dataset",
      (z: FakeZfs) => z.dataset("tank/nope"),
      "cannot open 'tank/nope': dataset does not exist",
    ],
    [
      "snapshot twice",
      (z: FakeZfs) => z.snapshot("tank/data@a"),
      "cannot create snapshot 'tank/data@a': dataset already exists",
    ],
    [
      "destroy a missing snapshot",
      (z: FakeZfs) => z.destroy("tank/data@zz"),
      "could not find any snapshots to destroy; check snapshot names.",
    ],
    [
      "destroy a missing bookmark",
      (z: FakeZfs) => z.destroy("tank/data#zz"),
      "bookmark 'tank/data#zz' does not exist.",
    ],
    [
      "bookmark twice",
      (z: FakeZfs) => z.bookmark("tank/data@a", "#a"),
      "cannot create bookmark 'tank/data#a': bookmark exists",
    ],
    [
      "hold twice",
      (z: FakeZfs) => z.hold("tank/data@a", "t"),
      "cannot hold snapshot 'tank/data@a': tag already exists on this dataset",
    ],
    [
      "hold a missing snapshot",
      (z: FakeZfs) => z.hold("tank/data@zz", "t"),
      "cannot hold snapshot 'tank/data@zz': dataset does not exist",
    ],
    [
      "release an unknown tag",
      (z: FakeZfs) => z.release("tank/data@a", "u"),
      "cannot release hold from snapshot 'tank/data@a': no such tag on this dataset",
    ],
    [
      "abort without state",
      (z: FakeZfs) => z.abortResumableReceive("tank/data"),
      "'tank/data' does not have any resumable receive state to abort",
    ],
    [
      "destroy a parent",
      (z: FakeZfs) => z.destroyDataset("tank/data"),
      "cannot destroy 'tank/data': filesystem has children\nuse '-r' to destroy the following datasets:\ntank/data@a",
    ],
  ])("%s: prints ZFS's message", (_name, action, message) => {
    const zfs = world();
    zfs.snapshot("tank/data@a");
    zfs.bookmark("tank/data@a", "#a");
    zfs.hold("tank/data@a", "t");
    expect(failure(() => action(zfs)).message).toBe(message);
  });
});

describe("FakeZfs serialisation", () => {
  it("round-trips through JSON text and continues the guid sequence", () => {
    const zfs = world();
    zfs.writeFile("tank/data", "guid", new Uint8Array([0, 255, 7]));
    zfs.snapshot("tank/data@a");
    zfs.hold("tank/data@a", "keep");
    const text = JSON.stringify(zfs.toJSON());
    const loaded = FakeZfs.fromJSON(JSON.parse(text), { clock: () => T0 });
    expect(loaded.listSnapshots("tank")).toEqual(zfs.listSnapshots("tank"));
    expect(loaded.listDatasets("tank")).toEqual(zfs.listDatasets("tank"));
    expect(loaded.readFile("tank/data@a", "guid")).toEqual(new Uint8Array([0, 255, 7]));
    expect(loaded.snapshot("tank/data@b")).toBe(zfs.snapshot("tank/data@b"));
  });
});
