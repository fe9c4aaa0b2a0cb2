import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sshdDecision } from "./sshd-requirement.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));

describe("SSH test suites on a machine without sshd", () => {
  it("run where sshd is installed, in CI or not", () => {
    expect(sshdDecision({ sshdPresent: true })).toEqual({ action: "run" });
    expect(sshdDecision({ sshdPresent: true, ci: "true" })).toEqual({ action: "run" });
  });

  it("skip with one line naming the package to install", () => {
    const decision = sshdDecision({ sshdPresent: false });
    expect(decision.action).toBe("skip");
    expect(decision).toMatchObject({
      line: expect.stringMatching(
        /^skipped the SSH test suites \(.*\): \/usr\/sbin\/sshd not found: install openssh-server \(apt-get install openssh-server\)$/,
      ),
    });
    expect(sshdDecision({ sshdPresent: false, ci: "false" }).action).toBe("skip");
  });

  it("fail the run under CI=true", () => {
    expect(sshdDecision({ sshdPresent: false, ci: "true" })).toEqual({
      action: "fail",
      message:
        "CI runs the SSH test suites, but /usr/sbin/sshd not found: install openssh-server (apt-get install openssh-server)",
    });
  });

  it("vitest lists no SSH suite and prints the skip line when sshd is missing", { timeout: 60_000 }, () => {
    const listed = spawnSync(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "list", "--filesOnly", "packages/zfs-ssh/src/", "test/cli/ssh-"],
      { cwd: REPO, encoding: "utf8", env: { ...process.env, CI: "", ZRELAY_TEST_SSHD: "/nonexistent/sshd" } },
    );
    expect(listed.stdout).toContain("install openssh-server");
    const files = listed.stdout.split("\n").filter((line) => line.endsWith(".test.ts"));
    expect(files).toContain("packages/zfs-ssh/src/ssh-settings.test.ts");
    expect(
      files.filter((file) => /ssh-(conformance|control|login|resume|streams)|test\/cli\/ssh-/.test(file)),
    ).toEqual([]);
  });

  it("vitest refuses to run without sshd under CI=true", { timeout: 60_000 }, () => {
    const listed = spawnSync(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "list", "--filesOnly", "packages/zfs-ssh/src/ssh-settings"],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, CI: "true", ZRELAY_TEST_SSHD: "/nonexistent/sshd" },
      },
    );
    expect(listed.status).not.toBe(0);
    expect(listed.stderr + listed.stdout).toContain("CI runs the SSH test suites");
  });
});
