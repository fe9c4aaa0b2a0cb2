import { describe, expect, it } from "vitest";
import { packNvlist, unpackNvlist } from "./nvlist-codec.js";

describe("nvlist native codec", () => {
  it("round-trips uint64, string and boolean pairs in order, leaving out false", () => {
    const packed = packNvlist([
      ["guid", 0xffff_ffff_ffff_fffen],
      ["name", "tank/ä@b"],
      ["rawok", true],
      ["embedok", false],
    ]);
    expect([...unpackNvlist(packed)]).toEqual([
      ["guid", 0xffff_ffff_ffff_fffen],
      ["name", "tank/ä@b"],
      ["rawok", true],
    ]);
  });

  it("pads every pair to 8 bytes as OpenZFS does", () => {
    // header 4 + list 8 + "embedok" pair (16 + 8) + terminator 4
    expect(packNvlist([["embedok", true]]).length).toBe(40);
    // "toname" pair: 16 + 8 for the name + 16 for "tank/data@b\0" padded
    expect(packNvlist([["toname", "tank/data@b"]]).length).toBe(4 + 8 + 40 + 4);
  });

  it("skips pairs of types a token does not use, by their recorded size", () => {
    const packed = Buffer.from(
      packNvlist([
        ["redact_snaps", 1n],
        ["toguid", 2n],
      ]),
    );
    packed.writeInt32LE(16, 12 + 12); // DATA_TYPE_UINT64_ARRAY
    expect([...unpackNvlist(packed)]).toEqual([["toguid", 2n]]);
  });

  it("reads boolean_value, int32 and uint32 pairs", () => {
    const packed = Buffer.from(
      packNvlist([
        ["a", 1n],
        ["b", 0xffff_ffffn],
        ["c", 0xffff_ffffn],
      ]),
    );
    const pairAt = (index: number) => 12 + index * 32; // 16 header + 8 name + 8 value
    packed.writeInt32LE(21, pairAt(0) + 12); // DATA_TYPE_BOOLEAN_VALUE
    packed.writeInt32LE(5, pairAt(1) + 12); // DATA_TYPE_INT32
    packed.writeInt32LE(6, pairAt(2) + 12); // DATA_TYPE_UINT32
    expect([...unpackNvlist(packed)]).toEqual([
      ["a", true],
      ["b", -1n],
      ["c", 0xffff_ffffn],
    ]);
  });

  it.each([
    {
      name: "XDR encoding",
      patch: (b: Buffer) => b.writeUInt8(1, 0),
      error: "XDR-encoded nvlists are not supported",
    },
    {
      name: "big-endian",
      patch: (b: Buffer) => b.writeUInt8(0, 1),
      error: "big-endian nvlists are not supported",
    },
    {
      name: "a pair size past the end",
      patch: (b: Buffer) => b.writeInt32LE(999, 12),
      error: "impossible size 999",
    },
    {
      name: "a name past its pair",
      patch: (b: Buffer) => b.writeInt16LE(99, 16),
      error: "name runs past its pair",
    },
  ])("rejects $name", ({ patch, error }) => {
    const packed = Buffer.from(packNvlist([["toguid", 2n]]));
    patch(packed);
    expect(() => unpackNvlist(packed)).toThrow(error);
  });

  it("rejects a list without its terminator", () => {
    const packed = packNvlist([["toguid", 2n]]);
    expect(() => unpackNvlist(packed.subarray(0, packed.length - 4))).toThrow("ends without its terminator");
  });
});
