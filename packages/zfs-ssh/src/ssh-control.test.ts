import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { startTestSshd, type TestSshd } from "@zrelay/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSshCommandRunner } from "./ssh-command-runner.js";
import type { SshEndpointOptions } from "./ssh-endpoint-options.js";
import { resolveSshSettings } from "./ssh-settings.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

// Remote commands start slowly on a loaded machine (sshd, then a login shell).
const POLL = { timeout: 20_000 };

let bin: string;
let sshd: TestSshd;

// A stand-in sudo on the remote PATH: refuses like `sudo -n` without NOPASSWD when
// ZRELAY_SUDO_REFUSES is set, else records its arguments and runs the command.
const fakeSudo = `#!/bin/sh
if [ -n "$ZRELAY_SUDO_REFUSES" ]; then echo "sudo: a password is required" >&2; exit 1; fi
echo "sudo $*" >&2
shift 2
exec "$@"
`;

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), "zrelay-ssh-bin-"));
  await writeFile(join(bin, "sudo"), fakeSudo);
  await chmod(join(bin, "sudo"), 0o755);
  sshd = await startTestSshd({ maxSessions: 2, pathPrefix: [bin] });
});

afterAll(async () => {
  await sshd?.stop();
  await rm(bin, { recursive: true, force: true });
});

// Each test starts with no connection left over: sshd ends a session a moment after its client.
beforeEach(async () => {
  await expect.poll(() => sshd.connections(), POLL).toHaveLength(0);
});

function runner(overrides: Partial<SshEndpointOptions> = {}) {
  return createSshCommandRunner(resolveSshSettings(testSshdOptions(sshd, overrides)));
}

const awkward = [
  "with space",
  "it's",
  "$(touch /tmp/zrelay-pwned)",
  "`id`",
  "$HOME",
  "a\nb",
  "semi;colon",
  "*",
  "",
];

describe("run over the control connection", () => {
  it("hands every argument to the remote command exactly, whatever it holds", async () => {
    const ssh = runner();
    const result = await ssh.run(["printf", "%s\\0", ...awkward]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\0").slice(0, -1)).toEqual(awkward);
    await ssh.close();
  });

  it("returns failures as results: exit status, stderr, 127 for a missing command", async () => {
    const ssh = runner();
    const failed = await ssh.run(["ls", "/zrelay/not/here"]);
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr).toContain("No such file or directory");
    expect((await ssh.run(["zrelay-no-such-command"])).exitCode).toBe(127);
    const killed = await ssh.run(["sh", "-c", "kill -TERM $$"]);
    expect(killed).toMatchObject({ exitCode: null, signal: "SIGTERM" });
    await ssh.close();
  });

  it("uses one connection for every command, and queues beyond MaxSessions (2 here)", async () => {
    const ssh = runner();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ssh.run(["sh", "-c", `sleep 0.2; echo ${index}`])),
    );
    expect(results.map((result) => result.stdout)).toEqual(["0\n", "1\n", "2\n", "3\n", "4\n", "5\n"]);
    expect(sshd.connections()).toHaveLength(1);
    await ssh.close();
    await expect.poll(() => sshd.connections(), POLL).toHaveLength(0);
  });

  it("connects again after the connection was lost", async () => {
    const ssh = runner();
    await ssh.run(["true"]);
    expect(await sshd.killConnections()).toBe(1);
    expect((await ssh.run(["echo", "again"])).stdout).toBe("again\n");
    await ssh.close();
  });

  it("reports a connection killed under a running command as CONNECTION_FAILED, retryable", async () => {
    const ssh = runner();
    const running = ssh.run(["sleep", "1002"]).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await expect
      .poll(() => sshd.connections().some((c) => c.commands.includes("sleep 1002")), POLL)
      .toBe(true);
    await sshd.killConnections();
    const error = await running;
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as Error).message).toMatch(
      /^the connection to 127\.0\.0\.1:\d+ was (closed|lost).* while running `sleep 1002`$/,
    );
    await ssh.close();
  });
});

describe("a host that stops answering", () => {
  it("is given up after the unanswered keepalives, with a message that says so", async () => {
    const ssh = runner({ keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
    const running = ssh.run(["sleep", "1003"]).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const sleeping = () => sshd.connections().find((c) => c.commands.includes("sleep 1003"));
    await expect.poll(sleeping, POLL).toBeDefined();
    // A frozen sshd keeps the TCP connection open but answers nothing, like a hung host.
    const frozen = sleeping()?.sshdPids ?? [];
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    try {
      const error = await running;
      expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
      expect((error as { retryable: boolean }).retryable).toBe(true);
      expect((error as Error).message).toBe(
        `127.0.0.1:${sshd.port} stopped answering (no reply to 2 keepalives in 0.4 s) while running \`sleep 1003\``,
      );
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
      await sshd.killConnections();
      await ssh.close();
    }
  });
});

describe("sudo", () => {
  it("prefixes sudo -n to every command", async () => {
    const ssh = runner({ sudo: true });
    const result = await ssh.run(["echo", "as root"]);
    expect(result).toMatchObject({ exitCode: 0, stdout: "as root\n", stderr: "sudo -n -- echo as root\n" });
    expect(ssh.user).toBe("root");
    await ssh.close();
  });

  it("reports a sudo that wants a password as PERMISSION_DENIED at once, never a prompt", async () => {
    const refusing = await startTestSshd({ pathPrefix: [bin], env: { ZRELAY_SUDO_REFUSES: "1" } });
    try {
      const ssh = createSshCommandRunner(
        resolveSshSettings(testSshdOptions(refusing, { sudo: true, user: refusing.user })),
      );
      const error = await ssh.run(["zfs", "list"]).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isZrelayError(error, ErrorCode.PERMISSION_DENIED)).toBe(true);
      expect((error as Error).message).toBe(
        `sudo on ${refusing.user}@127.0.0.1 asks ${refusing.user} for a password (sudo: a password is required), and zrelay never types one`,
      );
      expect((error as { hint: string }).hint).toContain("NOPASSWD: /usr/sbin/zfs");
      await ssh.close();
    } finally {
      await refusing.stop();
    }
  });
});
