import { describe, expect, it } from "vitest";
import { parseNameList, parseSnapshotList } from "./zfs-list-parser.js";

// Recorded from `zfs list -H -p -o name,guid,createtxg,creation -t snapshot,bookmark -r src`.
const recorded = [
  "src/plain@b\t9007199254740993\t120\t1767225660",
  "src/plain@a\t18446744073709551557\t100\t1767225600",
  "src/plain#a\t18446744073709551557\t100\t1767225600",
  "src/plain/with space@x y\t42\t130\t1767225700",
  "src/plain@c\t5\t140\t1767225800",
  "",
].join("\n");

describe("parseSnapshotList", () => {
  it("groups by dataset in output order and sorts each by createtxg, snapshot before its bookmark", () => {
    expect(parseSnapshotList(recorded)).toEqual([
      {
        kind: "snapshot",
        dataset: "src/plain",
        name: "a",
        guid: 18446744073709551557n,
        createtxg: 100n,
        creation: 1767225600,
      },
      {
        kind: "bookmark",
        dataset: "src/plain",
        name: "a",
        guid: 18446744073709551557n,
        createtxg: 100n,
        creation: 1767225600,
      },
      {
        kind: "snapshot",
        dataset: "src/plain",
        name: "b",
        guid: 9007199254740993n,
        createtxg: 120n,
        creation: 1767225660,
      },
      { kind: "snapshot", dataset: "src/plain", name: "c", guid: 5n, createtxg: 140n, creation: 1767225800 },
      {
        kind: "snapshot",
        dataset: "src/plain/with space",
        name: "x y",
        guid: 42n,
        createtxg: 130n,
        creation: 1767225700,
      },
    ]);
  });

  it("tells apart datasets whose names share a beginning, and a dataset listed again later", () => {
    const output = [
      "src/a@1\t1\t10\t0",
      "src/ab@1\t2\t11\t0",
      "src/a#1\t1\t10\t0",
      "src/a@2\t3\t12\t0",
      "",
    ].join("\r\n");
    expect(
      parseSnapshotList(output).map((p) => `${p.dataset}${p.kind === "snapshot" ? "@" : "#"}${p.name}`),
    ).toEqual(["src/a@1", "src/a#1", "src/a@2", "src/ab@1"]);
  });

  it("returns nothing for empty output", () => {
    expect(parseSnapshotList("")).toEqual([]);
  });

  it.each([
    ["three fields", "src@a\t1\t2\n", /separated by tabs/],
    ["a dataset name", "src\t1\t2\t3\n", /neither a snapshot nor a bookmark/],
    ["an empty snapshot name", "src@\t1\t2\t3\n", /neither a snapshot nor a bookmark/],
    ["six fields", "src@a\t1\t2\t3\t4\t5\n", /separated by tabs/],
    ["a hold count that is not a number", "src@a\t1\t2\t3\tmany\n", /userrefs "many" is not a number/],
    [
      "a guid past 64 bits",
      "src@a\t18446744073709551616\t2\t3\n",
      /guid 18446744073709551616 exceeds 64 bits/,
    ],
    ["an empty creation", "src@a\t1\t2\t\n", /creation "" is not a number/],
    ["a createtxg that is not a number", "src@a\t1\tx\t3\n", /createtxg "x"/],
    ["a creation that is not a number", "src@a\t1\t2\tyesterday\n", /creation "yesterday"/],
  ])("refuses %s", (_what, output, message) => {
    expect(() => parseSnapshotList(output)).toThrow(message);
  });
});

describe("parseNameList", () => {
  it("reads one name a line, spaces kept", () => {
    expect(parseNameList("dst\ndst/with space\n")).toEqual(["dst", "dst/with space"]);
  });
});
