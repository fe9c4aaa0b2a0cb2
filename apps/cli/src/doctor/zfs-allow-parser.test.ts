import { describe, expect, it } from "vitest";
import { parseZfsAllow } from "./zfs-allow-parser.js";

describe("parseZfsAllow", () => {
  it("reads the real output of `zfs allow dst`", () => {
    const output = [
      "---- Permissions on dst ----------------------------------------------",
      "Local+Descendent permissions:",
      "\tuser backup create,mount,receive",
      "",
    ].join("\n");
    expect(parseZfsAllow(output)).toEqual([
      {
        dataset: "dst",
        sets: new Map(),
        createTime: [],
        grants: [
          {
            scope: "local+descendent",
            grantee: { kind: "user", name: "backup" },
            permissions: ["create", "mount", "receive"],
          },
        ],
      },
    ]);
  });

  it("reads every section, group and everyone entries, and each ancestor's block", () => {
    const output = `---- Permissions on backuppool/encryptedbackups --------------------
Permission sets:
\t@replicate canmount,create,mount,receive
Create time permissions:
\tdestroy
Local permissions:
\tuser backup @replicate
Descendent permissions:
\tgroup backupops hold,release
---- Permissions on backuppool ----------------------------------------
Local+Descendent permissions:
\tgroup staff send
\teveryone hold
`;
    expect(parseZfsAllow(output)).toEqual([
      {
        dataset: "backuppool/encryptedbackups",
        sets: new Map([["@replicate", ["canmount", "create", "mount", "receive"]]]),
        createTime: ["destroy"],
        grants: [
          { scope: "local", grantee: { kind: "user", name: "backup" }, permissions: ["@replicate"] },
          {
            scope: "descendent",
            grantee: { kind: "group", name: "backupops" },
            permissions: ["hold", "release"],
          },
        ],
      },
      {
        dataset: "backuppool",
        sets: new Map(),
        createTime: [],
        grants: [
          { scope: "local+descendent", grantee: { kind: "group", name: "staff" }, permissions: ["send"] },
          { scope: "local+descendent", grantee: { kind: "everyone" }, permissions: ["hold"] },
        ],
      },
    ]);
  });

  it.each([
    ["no delegations at all", ""],
    ["lines before any header", "Local permissions:\n\tuser backup send\n"],
  ])("finds nothing in %s", (_case, output) => {
    expect(parseZfsAllow(output)).toEqual([]);
  });

  it("keeps dataset names with spaces", () => {
    const [listing] = parseZfsAllow(
      "---- Permissions on tank/with space ----------\nLocal permissions:\n\tuser a send\n",
    );
    expect(listing?.dataset).toBe("tank/with space");
  });
});
