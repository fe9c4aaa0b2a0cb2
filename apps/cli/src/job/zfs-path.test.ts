import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findZfs, zfsPathProblem, zfsSearchPath } from "./zfs-path.js";

describe("zfsSearchPath", () => {
  it("appends /usr/sbin and /sbin after PATH's own directories, each once", () => {
    expect(zfsSearchPath("/usr/bin:/bin")).toBe("/usr/bin:/bin:/usr/sbin:/sbin");
    expect(zfsSearchPath("/sbin:/usr/bin")).toBe("/sbin:/usr/bin:/usr/sbin");
    expect(zfsSearchPath(undefined)).toBe("/usr/sbin:/sbin");
  });
});

describe("findZfs", () => {
  it("takes the first executable zfs in PATH, ignoring one that is not executable", () => {
    const [first, second] = [
      mkdtempSync(join(tmpdir(), "zrelay-a-")),
      mkdtempSync(join(tmpdir(), "zrelay-b-")),
    ];
    writeFileSync(join(first, "zfs"), "not executable");
    writeFileSync(join(second, "zfs"), "#!/bin/sh\n");
    chmodSync(join(second, "zfs"), 0o755);
    expect(findZfs(`${first}:${second}`)).toBe(join(second, "zfs"));
  });
});

describe("zfsPathProblem", () => {
  it("accepts an absolute path and refuses a bare name", () => {
    expect(zfsPathProblem("/usr/sbin/zfs")).toBeUndefined();
    expect(zfsPathProblem("zfs")).toBe('"zfs" is not an absolute path; give e.g. /usr/sbin/zfs');
  });
});
