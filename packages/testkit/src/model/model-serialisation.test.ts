import { describe, expect, it } from "vitest";
import { FakeZfs } from "./fake-zfs.js";

const T0 = Date.UTC(2026, 0, 3, 12, 0, 0);

/** A model with what the saved form encodes specially: bigints, file contents, user properties, holds, a bookmark. */
function savedText(): string {
  let now = T0;
  const zfs = new FakeZfs({ clock: () => (now += 1000), guidSeed: 2n ** 60n + 3n });
  zfs.createPool("tank");
  zfs.createDataset("tank/data", { properties: { "user:note": "guid" } });
  zfs.writeFile("tank/data", "createtxg", new Uint8Array([0, 255, 7]));
  zfs.snapshot("tank/data@a");
  zfs.hold("tank/data@a", "txg");
  zfs.bookmark("tank/data@a", "#a");
  return JSON.stringify(zfs.toJSON());
}

describe("FakeZfs.fromJSON handOver", () => {
  it("loads the same model from a handed-over document as from a copied one", () => {
    const copied = FakeZfs.fromJSON(JSON.parse(savedText()), { clock: () => T0 });
    const handedOver = FakeZfs.fromJSON(JSON.parse(savedText()), { clock: () => T0, handOver: true });

    expect(handedOver.toJSON()).toEqual(copied.toJSON());
    expect(handedOver.listSnapshots("tank")).toEqual(copied.listSnapshots("tank"));
    expect(handedOver.listDatasets("tank")).toEqual(copied.listDatasets("tank"));
    // Free-text maps keep their keys' values as text, even where a key looks like a bigint field.
    expect(handedOver.readFile("tank/data", "createtxg")).toEqual(new Uint8Array([0, 255, 7]));
    expect(handedOver.getProperty("tank/data", "user:note").value).toBe("guid");
    expect(handedOver.holds("tank/data@a").map((hold) => hold.tag)).toEqual(["txg"]);
    // The guid sequence goes on where it stopped.
    expect(handedOver.snapshot("tank/data@b")).toBe(copied.snapshot("tank/data@b"));
  });

  it("leaves a document it was not handed untouched", () => {
    const document = JSON.parse(savedText());
    const before = JSON.stringify(document);
    FakeZfs.fromJSON(document);
    expect(JSON.stringify(document)).toBe(before);
  });
});
