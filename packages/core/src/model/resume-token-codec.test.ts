import { deflateSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { fletcher4FirstWord } from "./fletcher4-checksum.js";
import { packNvlist } from "./nvlist-codec.js";
import { decodeResumeToken, encodeResumeToken } from "./resume-token-codec.js";

// Tokens real OpenZFS systems printed, quoted in public bug reports.
// Full stream, ZoL 0.8.4 (https://github.com/openzfs/zfs/issues/10439):
const FULL_TOKEN =
  "1-eb46e146b-d0-789c636064000310a500c4ec50360710e72765a5269730307441d560c8a7a515a7968064d6b1c0e4d990e4932a4b528b817403d31a566cfa4bf2d34b335318187a2da5b789c459fb3920c97382e5f3127353191852124b12758b4bf28b12d353f50d8ce2931293b34b0b1c924ae38d0c0c2d0d8c0c2c19e0000029161d79";
// Incremental stream sent with -L -e -c, ZoL 0.8.0-rc2 (https://github.com/openzfs/zfs/issues/8129):
const INCREMENTAL_TOKEN =
  "1-148e1e3f23-158-789c636064000310a501c49c50360710a715e5e7a69766a6304041b6dc91755922b39515806c762475f94959a9c9250c0c8a507518f26969c5a9250c7000926743924faa2c492d06d21792b1eb2fc987b8e2c8921e75b667af767b20c97382e5f3127353191872138b4b528bf48b520b723293134b52f543c21c8c0c0c2d740d0d0c4d750d80203e253133a712d91dbc0c08ffe72416a5a726e5e42767e76783c424a0f6c3e453739352538052207ddc48e2c9f9b90545a9c5c5105d1000006fc83351";

const ABOVE_2_53 = 0xbbeae606278ca4c4n;

describe("decodeResumeToken on tokens real OpenZFS wrote", () => {
  it("reads a full-stream token", () => {
    expect(decodeResumeToken(FULL_TOKEN)).toEqual({
      token: FULL_TOKEN,
      toName: "data-storage/02_backup@bu_20190209",
      toGuid: 0x4e3b5e14b61b398dn,
      fromGuid: undefined,
      bytes: 95158912n,
      raw: false,
    });
  });

  it("reads an incremental token with a guid above 2^53", () => {
    expect(decodeResumeToken(INCREMENTAL_TOKEN)).toEqual({
      token: INCREMENTAL_TOKEN,
      toName: "master/replicate/TV@2018-1015-0000_daily",
      toGuid: ABOVE_2_53,
      fromGuid: 0x239b146aaec41e6bn,
      bytes: 25552n,
      raw: false,
    });
  });

  it("accepts the trailing newline `zfs get -H` leaves", () => {
    expect(decodeResumeToken(`${FULL_TOKEN}\n`).toGuid).toBe(0x4e3b5e14b61b398dn);
  });
});

describe("encodeResumeToken", () => {
  const table = [
    { name: "full, not raw", fields: { toName: "tank/a@1", toGuid: ABOVE_2_53, bytes: 0n, raw: false } },
    {
      name: "incremental, raw",
      fields: {
        toName: "tank/a b@x-2",
        toGuid: 1n,
        fromGuid: 2n ** 64n - 1n,
        bytes: 123_456_789_012n,
        raw: true,
      },
    },
    {
      name: "with stream features",
      fields: {
        toName: "pool/ds@daily",
        toGuid: 42n,
        fromGuid: 7n,
        object: 394n,
        offset: 78512128n,
        bytes: 95158912n,
        raw: false,
        largeBlockOk: true,
        embedOk: true,
        compressOk: true,
      },
    },
  ];

  it.each(table)("round-trips $name", ({ fields }) => {
    const token = encodeResumeToken(fields);
    expect(token).toMatch(/^1-[0-9a-f]+-[0-9a-f]+-789c[0-9a-f]+$/);
    expect(decodeResumeToken(token)).toEqual({
      token,
      toName: fields.toName,
      toGuid: fields.toGuid,
      fromGuid: fields.fromGuid,
      bytes: fields.bytes,
      raw: fields.raw,
    });
  });

  it("packs the nvlist byte for byte as OpenZFS did", () => {
    // Same fields as the real incremental token: the packed payloads must be identical
    // (the compressed bytes may differ with the zlib build, so compare after inflating).
    const token = encodeResumeToken({
      fromGuid: 0x239b146aaec41e6bn,
      object: 33n,
      offset: 0n,
      bytes: 25552n,
      toGuid: ABOVE_2_53,
      toName: "master/replicate/TV@2018-1015-0000_daily",
      raw: false,
      largeBlockOk: true,
      embedOk: true,
      compressOk: true,
    });
    expect(packedPayload(token)).toEqual(packedPayload(INCREMENTAL_TOKEN));
    expect(token.split("-")[2]).toBe("158");
  });

  it("rejects a guid that does not fit in 64 bits", () => {
    expect(() => encodeResumeToken({ toName: "t/a@b", toGuid: 2n ** 64n, bytes: 0n, raw: false })).toThrow(
      RangeError,
    );
  });
});

describe("fletcher4FirstWord", () => {
  it.each([
    { bytes: [], sum: 0n },
    { bytes: [1, 0, 0, 0, 2, 0, 0, 0], sum: 3n },
    { bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], sum: 0x1_ffff_fffen },
    // The 3 bytes that do not fill a word are ignored, as OpenZFS ignores them.
    { bytes: [5, 0, 0, 0, 9, 9, 9], sum: 5n },
  ])("sums little-endian words of $bytes", ({ bytes, sum }) => {
    expect(fletcher4FirstWord(Uint8Array.from(bytes))).toBe(sum);
  });

  it("matches the checksum OpenZFS put in a real token", () => {
    const [, checksum = "", , payload = ""] = INCREMENTAL_TOKEN.split("-");
    expect(fletcher4FirstWord(Buffer.from(payload, "hex")).toString(16)).toBe(checksum);
  });
});

describe("decodeResumeToken on malformed tokens", () => {
  const [version, checksum, length, payload = ""] = FULL_TOKEN.split("-");
  const flipped = `${payload.slice(0, 20)}${payload[20] === "0" ? "1" : "0"}${payload.slice(21)}`;
  const table = [
    {
      name: "empty property value",
      token: "-",
      problem: "it is not <version>-<checksum>-<length>-<hex payload>",
    },
    {
      name: "not hex",
      token: "1-abc-d0-zz",
      problem: "it is not <version>-<checksum>-<length>-<hex payload>",
    },
    { name: "odd hex length", token: `1-abc-d0-${payload}0`, problem: "it is not" },
    {
      name: "unknown version",
      token: `2-${checksum}-${length}-${payload}`,
      problem: "version 2 is not supported",
    },
    {
      name: "corrupted payload",
      token: `1-${checksum}-${length}-${flipped}`,
      problem: "its checksum does not match",
    },
    { name: "wrong length", token: `${version}-${checksum}-d1-${payload}`, problem: "payload is 208 bytes" },
    { name: "not zlib", token: withChecksum("00112233"), problem: "its payload cannot be read" },
  ];

  it.each(table)("throws RESUME_INVALID for $name", ({ token, problem }) => {
    const error = catchError(() =>
      decodeResumeToken(token, { dataset: "backup/tank", host: "host-storage" }),
    );
    expect(error).toBeInstanceOf(ZrelayError);
    expect(error.code).toBe(ErrorCode.RESUME_INVALID);
    expect(error.message).toContain("The receive_resume_token of backup/tank on host-storage is corrupt: ");
    expect(error.message).toContain(problem);
    expect(error.hint).toBe(
      "Run `zfs receive -A backup/tank` on the target to discard the interrupted receive.",
    );
  });

  it.each(["toname", "toguid", "object", "offset", "bytes"])("names a missing %s", (missing) => {
    const pairs = (
      [
        ["object", 0n],
        ["offset", 0n],
        ["bytes", 0n],
        ["toguid", 1n],
        ["toname", "tank/a@b"],
      ] as const
    ).filter(([name]) => name !== missing);
    const error = catchError(() => decodeResumeToken(forge(pairs)));
    expect(error.code).toBe(ErrorCode.RESUME_INVALID);
    expect(error.message).toContain(`is corrupt: it has no ${missing} (token`);
    expect(error.hint).toBe("Discard the interrupted receive with `zfs receive -A <target dataset>`.");
  });
});

/** A well-formed token around any nvlist, to test what the decoder does with its fields. */
function forge(pairs: ReadonlyArray<readonly [string, bigint | string]>): string {
  const packed = packNvlist(pairs);
  const compressed = deflateSync(packed);
  return `1-${fletcher4FirstWord(compressed).toString(16)}-${packed.length.toString(16)}-${compressed.toString("hex")}`;
}

function packedPayload(token: string): Buffer {
  return inflateSync(Buffer.from(token.split("-")[3] ?? "", "hex"));
}

function withChecksum(payloadHex: string): string {
  return `1-${fletcher4FirstWord(Buffer.from(payloadHex, "hex")).toString(16)}-4-${payloadHex}`;
}

function catchError(run: () => unknown): ZrelayError {
  try {
    run();
  } catch (error) {
    return error as ZrelayError;
  }
  throw new Error("expected an error");
}
