import { describe, expect, it } from "vitest";
import { parseDatasetProperties } from "./zfs-get-parser.js";
import { ZfsOutputError } from "./zfs-output-error.js";

// Recorded from `zfs get -H -p -o name,property,value -r -t filesystem,volume
// type,guid,encryption,encryptionroot,keystatus,canmount,receive_resume_token src` (OpenZFS 2.3).
const recorded = [
  "src\ttype\tfilesystem",
  "src\tguid\t4155263387112541092",
  "src\tencryption\toff",
  "src\tencryptionroot\t-",
  "src\tkeystatus\t-",
  "src\tcanmount\ton",
  "src\treceive_resume_token\t-",
  "src/enc\ttype\tfilesystem",
  "src/enc\tguid\t18446744073709551557",
  "src/enc\tencryption\taes-256-gcm",
  "src/enc\tencryptionroot\tsrc/enc",
  "src/enc\tkeystatus\tunavailable",
  "src/enc\tcanmount\tnoauto",
  "src/enc\treceive_resume_token\t-",
  "src/with space\ttype\tfilesystem",
  "src/with space\tguid\t9007199254740993",
  "src/with space\tencryption\toff",
  "src/with space\tencryptionroot\t-",
  "src/with space\tkeystatus\t-",
  "src/with space\tcanmount\toff",
  "src/with space\treceive_resume_token\t1-e604ea4bf-e0-789c63",
  "src/vol\ttype\tvolume",
  "src/vol\tguid\t77",
  "src/vol\tencryption\toff",
  "src/vol\tencryptionroot\t-",
  "src/vol\tkeystatus\t-",
  "src/vol\tcanmount\t-",
  "src/vol\treceive_resume_token\t-",
  "",
].join("\n");

describe("parseDatasetProperties", () => {
  it("reads one dataset per name, parents first, with 64-bit guids as bigint", () => {
    expect(parseDatasetProperties(recorded)).toEqual([
      {
        name: "src",
        type: "filesystem",
        guid: 4155263387112541092n,
        encryption: "off",
        encryptionRoot: undefined,
        keyStatus: "none",
        canmount: "on",
        resumeToken: undefined,
      },
      {
        name: "src/enc",
        type: "filesystem",
        guid: 18446744073709551557n,
        encryption: "aes-256-gcm",
        encryptionRoot: "src/enc",
        keyStatus: "unavailable",
        canmount: "noauto",
        resumeToken: undefined,
      },
      {
        name: "src/with space",
        type: "filesystem",
        guid: 9007199254740993n,
        encryption: "off",
        encryptionRoot: undefined,
        keyStatus: "none",
        canmount: "off",
        resumeToken: "1-e604ea4bf-e0-789c63",
      },
      {
        name: "src/vol",
        type: "volume",
        guid: 77n,
        encryption: "off",
        encryptionRoot: undefined,
        keyStatus: "none",
        canmount: "off",
        resumeToken: undefined,
      },
    ]);
  });

  it("keeps a guid above 2^53 exact", () => {
    const [dataset] = parseDatasetProperties("a\ttype\tfilesystem\na\tguid\t9007199254740993\n");
    expect(dataset?.guid).toBe(2n ** 53n + 1n);
  });

  it("reads written as a byte count: 0 after a receive, more once someone wrote into the dataset", () => {
    // OpenZFS 2.3.2 in the lab: a received backup mounted, 12 KiB written, unmounted.
    const lines = ["dst/b\ttype\tfilesystem", "dst/b\tguid\t77", "dst/b\twritten\t77824", ""].join("\n");
    expect(parseDatasetProperties(lines)[0]?.written).toBe(77824);
    expect(parseDatasetProperties(lines.replace("77824", "0"))[0]?.written).toBe(0);
    expect(
      parseDatasetProperties(lines.replace("\twritten\t77824", "\twritten\t-"))[0]?.written,
    ).toBeUndefined();
    expect(() => parseDatasetProperties(lines.replace("77824", "12K"))).toThrow(ZfsOutputError);
  });

  it("returns nothing for empty output (an absent root)", () => {
    expect(parseDatasetProperties("")).toEqual([]);
  });

  it.each([
    ["a line without tabs", "src type filesystem\n", /separated by tabs/],
    ["a missing guid", "src\ttype\tfilesystem\n", /no guid printed for src/],
    ["a snapshot type", "src@a\ttype\tsnapshot\nsrc@a\tguid\t1\n", /type "snapshot"/],
    ["a guid that is not a number", "src\ttype\tfilesystem\nsrc\tguid\tabc\n", /guid "abc" is not a number/],
    ["a guid above 64 bits", "src\ttype\tfilesystem\nsrc\tguid\t18446744073709551616\n", /exceeds 64 bits/],
  ])("refuses %s", (_what, output, message) => {
    expect(() => parseDatasetProperties(output)).toThrow(ZfsOutputError);
    expect(() => parseDatasetProperties(output)).toThrow(message);
  });
});
