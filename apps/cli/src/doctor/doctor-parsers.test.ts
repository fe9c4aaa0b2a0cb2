import { describe, expect, it } from "vitest";
import { parseIdOutput } from "./id-output-parser.js";
import { parseZfsVersion, versionsDisagree } from "./zfs-version-parser.js";

describe("parseIdOutput", () => {
  it.each([
    [
      "uid=1001(backup) gid=1001(backup) groups=1001(backup),27(sudo),100(users)",
      { uid: 1001, user: "backup", groups: ["backup", "sudo", "users"] },
    ],
    ["uid=0(root) gid=0(root) groups=0(root)", { uid: 0, user: "root", groups: ["root"] }],
    ["uid=1005 gid=1005 groups=1005", { uid: 1005, user: "1005", groups: ["1005"] }],
    ["uid=1001(backup) gid=1001(backup)", { uid: 1001, user: "backup", groups: ["backup"] }],
  ])("%s", (output, identity) => {
    expect(parseIdOutput(output)).toEqual(identity);
  });

  it("is undefined for anything else", () => {
    expect(parseIdOutput("id: command not found")).toBeUndefined();
  });
});

describe("parseZfsVersion", () => {
  it("reads the tools and the module", () => {
    expect(parseZfsVersion("zfs-2.3.2-2~bpo12+2\nzfs-kmod-2.3.2-2~bpo12+2\n")).toEqual({
      userland: "2.3.2-2~bpo12+2",
      kernel: "2.3.2-2~bpo12+2",
      major: 2,
      minor: 3,
    });
  });

  it("has no module when only the tools are named", () => {
    expect(parseZfsVersion("zfs-2.1.5-1ubuntu6\n")?.kernel).toBeUndefined();
  });

  it.each(["", "unrecognized command 'version'", "zfs-kmod-2.3.2\n"])("is undefined for %j", (output) => {
    expect(parseZfsVersion(output)).toBeUndefined();
  });

  it.each([
    ["zfs-2.3.2\nzfs-kmod-2.3.2\n", false],
    ["zfs-2.3.2\nzfs-kmod-2.3.0\n", false],
    ["zfs-2.3.2\nzfs-kmod-2.2.7\n", true],
    ["zfs-2.3.2\n", false],
  ])("tools and module disagree for %j: %s", (output, disagree) => {
    const version = parseZfsVersion(output);
    expect(version && versionsDisagree(version)).toBe(disagree);
  });
});
