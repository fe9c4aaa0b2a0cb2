import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sshKeyFingerprint } from "./ssh-keys.js";
import { processAlive } from "./sshd-sessions.js";
import { startTestSshd, type TestSshd } from "./test-sshd.js";

// Remote commands start slowly on a loaded machine (sshd, then a login shell).
const POLL = { timeout: 20_000 };

const run = promisify(execFile);

// The OpenSSH client, strict about the host key and using only the test's key.
function ssh(sshd: TestSshd, remoteCommand: string) {
  return run("ssh", [
    ...["-F", "none", "-i", sshd.clientKey.privateKeyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"],
    ...["-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${sshd.knownHostsFile}`],
    ...["-o", "GlobalKnownHostsFile=/dev/null", "-p", String(sshd.port), `${sshd.user}@${sshd.host}`],
    "--",
    remoteCommand,
  ]);
}

describe("startTestSshd", () => {
  let bin: string;
  let sshd: TestSshd;

  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), "zrelay-sshd-bin-"));
    await writeFile(join(bin, "zrelay-hello"), '#!/bin/sh\necho "hello $ZRELAY_GREETING: $*"\n');
    await chmod(join(bin, "zrelay-hello"), 0o755);
    sshd = await startTestSshd({ pathPrefix: [bin], env: { ZRELAY_GREETING: "from sshd" } });
  });

  afterAll(async () => {
    await sshd?.stop();
    await rm(bin, { recursive: true, force: true });
  });

  it("lets the client key in, checked against its known_hosts, with the PATH prefix and env", async () => {
    const { stdout } = await ssh(sshd, "zrelay-hello 'a b'");
    expect(stdout).toBe("hello from sshd: a b\n");
  });

  it("records its host key in known_hosts under [127.0.0.1]:port", async () => {
    const { stdout } = await run("ssh-keygen", ["-F", `[127.0.0.1]:${sshd.port}`, "-f", sshd.knownHostsFile]);
    expect(stdout).toContain(sshd.hostKey.publicKey);
    expect(await sshKeyFingerprint(sshd.hostKey.publicKeyFile)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("kills the connection running a given command, and its client sees it end", async () => {
    const client = ssh(sshd, "exec sleep 1000").then(
      () => "finished",
      (error: { code?: number }) => `exit ${error.code}`,
    );
    await expect
      .poll(() => sshd.connections().some((c) => c.commands.includes("sleep 1000")), POLL)
      .toBe(true);
    expect(await sshd.killConnections((command) => command === "sleep 1000")).toBe(1);
    expect(await client).toBe("exit 255");
  });

  it("stops: connections and their commands are killed, the port refuses connections", async () => {
    const other = await startTestSshd();
    const client = ssh(other, "exec sleep 1001").catch((error: { code?: number }) => error.code);
    await expect.poll(() => other.connections().flatMap((c) => c.commandPids).length, POLL).toBe(1);
    const [sleeper] = other.connections().flatMap((c) => c.commandPids);
    await other.stop();
    expect(await client).toBe(255);
    expect(processAlive(sleeper as number)).toBe(false);
    await expect(ssh(other, "true")).rejects.toMatchObject({
      stderr: expect.stringContaining("Connection refused"),
    });
  });
});
