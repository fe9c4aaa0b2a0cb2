import { describe, expect, it } from "vitest";
import { decodeRecordHeader, encodeRecordHeader } from "../stream/record-header-codec.js";
import { FakeZfs } from "./fake-zfs.js";
import { failure } from "./fake-zfs-failure.fixture.js";

/*
 * What real ZFS keeps beside the snapshot data (snapshot user properties,
 * keylocation, the wrapping key's check, mount state) lives in the model's
 * records, so every operation that removes or replaces a record removes or
 * replaces it too: nothing to prune, nothing left behind under a reused name.
 */

function machine(seed: bigint): FakeZfs {
  let now = Date.UTC(2026, 0, 1);
  const zfs = new FakeZfs({ clock: () => (now += 1000), guidSeed: seed });
  zfs.createPool(seed === 1n ? "src" : "dst");
  return zfs;
}

/** A raw full stream of `snapshot` received as `target`, each record through the stream header codec. */
function rawCopy(src: FakeZfs, dst: FakeZfs, snapshot: string, target: string): void {
  const session = dst.receive(target);
  for (const record of src.planSend({ snapshot, raw: true })) {
    session.beginRecord(decodeRecordHeader(encodeRecordHeader(record)));
    session.commitRecord();
  }
}

const encrypted = (keylocation?: string) => ({
  properties: {
    encryption: "on",
    keyformat: "passphrase",
    ...(keylocation === undefined ? {} : { keylocation }),
  },
});

describe("snapshot user properties", () => {
  it("are the snapshot's own: set, read, inherited away, listed by `get all`", () => {
    const zfs = machine(1n);
    zfs.createDataset("src/data", { properties: { "site:owner": "ops" } });
    zfs.snapshot("src/data@a", { properties: { "zrelay:job": "nightly" } });
    expect(zfs.getProperty("src/data@a", "zrelay:job")).toEqual({ value: "nightly", source: "local" });
    zfs.setProperty("src/data@a", "zrelay:note", "kept");
    expect(zfs.propertyNames("src/data@a").filter((name) => name.includes(":"))).toEqual([
      "site:owner",
      "zrelay:job",
      "zrelay:note",
    ]);
    zfs.inheritProperty("src/data@a", "zrelay:job");
    expect(zfs.getProperty("src/data@a", "zrelay:job")).toEqual({ value: "-", source: "-" });
    expect(failure(() => zfs.setProperty("src/data@gone", "zrelay:x", "1")).message).toBe(
      "cannot open 'src/data@gone': dataset does not exist",
    );
  });

  it("go with their snapshot: a snapshot taken again under the same name starts without them", () => {
    const zfs = machine(1n);
    zfs.createDataset("src/data");
    zfs.snapshot("src/data@a", { properties: { "zrelay:job": "nightly" } });
    zfs.snapshot("src/data@b", { properties: { "zrelay:job": "nightly" } });
    zfs.destroy("src/data@b");
    zfs.snapshot("src/data@b");
    expect(zfs.getProperty("src/data@b", "zrelay:job").value).toBe("-");
    zfs.setProperty("src/data@b", "zrelay:job", "again");
    zfs.rollback("src/data@a", { destroyNewer: true });
    zfs.snapshot("src/data@b");
    expect(zfs.getProperty("src/data@b", "zrelay:job").value).toBe("-");
    zfs.destroyDataset("src/data", { recursive: true });
    zfs.createDataset("src/data");
    zfs.snapshot("src/data@a");
    expect(zfs.getProperty("src/data@a", "zrelay:job").value).toBe("-");
  });

  it("survive saving and loading the model", () => {
    const zfs = machine(1n);
    zfs.createDataset("src/data");
    zfs.snapshot("src/data@a", { properties: { "zrelay:job": "nightly" } });
    const loaded = FakeZfs.fromJSON(JSON.parse(JSON.stringify(zfs.toJSON())));
    expect(loaded.getProperty("src/data@a", "zrelay:job")).toEqual({ value: "nightly", source: "local" });
  });
});

describe("keylocation and the key's check", () => {
  it("belong to the encryption root: settable there, readonly below it, gone with it", () => {
    const zfs = machine(1n);
    zfs.createDataset("src/enc", encrypted("file:///keys/enc"));
    zfs.createDataset("src/enc/child");
    expect(zfs.getProperty("src/enc", "keylocation")).toEqual({ value: "file:///keys/enc", source: "local" });
    zfs.setProperty("src/enc", "keylocation", "prompt");
    expect(zfs.getProperty("src/enc", "keylocation").value).toBe("prompt");
    expect(failure(() => zfs.setProperty("src/enc/child", "keylocation", "prompt")).message).toBe(
      "cannot set property for 'src/enc/child': 'keylocation' is readonly",
    );
    expect(zfs.getProperty("src/enc/child", "keylocation")).toEqual({ value: "none", source: "default" });
    zfs.destroyDataset("src/enc", { recursive: true });
    zfs.createDataset("src/enc", encrypted());
    expect(zfs.getProperty("src/enc", "keylocation").value).toBe("prompt");
  });

  it("reads the key of a new root once, through the creator's readKey, after zfs's own checks", () => {
    const zfs = machine(1n);
    const read: string[] = [];
    const readKey = ({ keylocation }: { keylocation: string }) => {
      read.push(keylocation);
      return `digest of ${keylocation}`;
    };
    zfs.createDataset("src/enc", { ...encrypted("file:///k"), readKey });
    zfs.createDataset("src/enc/child", { readKey });
    expect(failure(() => zfs.createDataset("src/enc", { ...encrypted("file:///k"), readKey })).message).toBe(
      "cannot create 'src/enc': dataset already exists",
    );
    expect(read).toEqual(["file:///k"]);
    expect(zfs.keyDigest("src/enc")).toBe("digest of file:///k");
    expect(zfs.keyDigest("src/enc/child")).toBeUndefined();
  });

  it("travel as ZFS's do with a raw stream: the check comes along, the location does not", () => {
    const src = machine(1n);
    const dst = machine(2n);
    src.createDataset("src/enc", { ...encrypted("file:///k"), readKey: () => "sha256:abc" });
    src.snapshot("src/enc@a");
    rawCopy(src, dst, "src/enc@a", "dst/enc");
    expect(dst.keyDigest("dst/enc")).toBe("sha256:abc");
    expect(dst.keyId("dst/enc")).toBe(src.keyId("src/enc"));
    expect(dst.getProperty("dst/enc", "keylocation")).toEqual({ value: "prompt", source: "local" });
    expect(dst.dataset("dst/enc").keyStatus).toBe("unavailable");
  });
});

describe("mount state", () => {
  it("is a dataset's: listed sorted, and gone with a destroyed dataset", () => {
    const zfs = machine(1n);
    for (const name of ["src/b", "src/a", "src/a/x"]) zfs.createDataset(name);
    for (const name of ["src/b", "src/a/x", "src/a"]) zfs.setMounted(name, true);
    expect(zfs.mountedDatasets()).toEqual(["src/a", "src/a/x", "src/b"]);
    zfs.setMounted("src/b", false);
    zfs.destroyDataset("src/a", { recursive: true });
    zfs.createDataset("src/a");
    expect(zfs.mountedDatasets()).toEqual([]);
    expect(zfs.isMounted("src/a")).toBe(false);
    expect(zfs.isMounted("src/absent")).toBe(false);
  });
});
