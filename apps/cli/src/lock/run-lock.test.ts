import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@zrelay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { processStartTicks } from "./process-liveness.js";
import { acquireRunLock, lockFileName } from "./run-lock.js";

describe("acquireRunLock", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "zrelay-lock-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const me = {
    pid: process.pid,
    startedAt: "2026-01-03T02:30:00.000Z",
    processStart: processStartTicks(process.pid),
  };

  it("creates the lock file with pid and start time, refuses a second holder, and releases", () => {
    const lock = acquireRunLock("job nightly", { directory, holder: me });
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({
      pid: process.pid,
      startedAt: me.startedAt,
    });
    expect(() => acquireRunLock("job nightly", { directory, holder: me })).toThrow(
      expect.objectContaining({ code: ErrorCode.LOCK_HELD }),
    );
    lock.release();
    lock.release();
    expect(readdirSync(directory)).toEqual([]);
  });

  it("takes over the lock of a dead process and tells who it was", () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid ?? 999_999;
    const path = join(directory, lockFileName("job nightly"));
    writeFileSync(path, JSON.stringify({ pid: dead, startedAt: "yesterday" }));
    const heard: string[] = [];
    const lock = acquireRunLock("job nightly", {
      directory,
      holder: me,
      onTakeover: (stale) => heard.push(`${stale?.pid} ${stale?.startedAt}`),
    });
    expect(heard).toEqual([`${dead} yesterday`]);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
  });

  it("counts a live PID whose process started at another time as reused, so stale", () => {
    const path = join(directory, lockFileName("job nightly"));
    writeFileSync(path, JSON.stringify({ pid: process.pid, startedAt: "long ago", processStart: "1" }));
    expect(acquireRunLock("job nightly", { directory, holder: me }).path).toBe(path);
  });

  it("does not remove a lock that another run took over meanwhile", () => {
    const lock = acquireRunLock("job nightly", { directory, holder: me });
    writeFileSync(lock.path, JSON.stringify({ pid: 1, startedAt: "other" }));
    lock.release();
    expect(readdirSync(directory)).toEqual([lockFileName("job nightly")]);
  });

  it("names lock files readably and apart", () => {
    expect(lockFileName("target localhost backup/hs")).toMatch(
      /^target_localhost_backup_hs-[0-9a-f]{8}\.lock$/,
    );
    expect(lockFileName("a/b")).not.toBe(lockFileName("a_b"));
  });
});
