import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, isZrelayError, type ZrelayError } from "@zrelay/core";
import { generateSshKey, startTestSshAgent, startTestSshd, type TestSshd } from "@zrelay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshCommandRunner } from "./ssh-command-runner.js";
import type { SshEndpointOptions } from "./ssh-endpoint-options.js";
import { resolveSshSettings } from "./ssh-settings.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";
import { textSink } from "./text-sink.fixture.js";

let dir: string;
let sshd: TestSshd;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-login-"));
  sshd = await startTestSshd();
});

afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `echo hello` over the control connection and one stream of each data path. */
async function login(
  overrides: Partial<SshEndpointOptions>,
  target: TestSshd = sshd,
): Promise<ZrelayError | undefined> {
  for (const dataPath of ["openssh", "ssh2"] as const) {
    const ssh = createSshCommandRunner(
      resolveSshSettings(testSshdOptions(target, { dataPath, ...overrides })),
    );
    try {
      expect((await ssh.run(["echo", "hello"])).stdout).toBe("hello\n");
      const sink = textSink();
      expect(
        (
          await ssh.startWithOutput(["echo", "streamed"], { writable: sink.writable, inheritable: false })
            .exit
        ).exitCode,
      ).toBe(0);
      expect(sink.text()).toBe("streamed\n");
    } catch (error) {
      return error as ZrelayError;
    } finally {
      await ssh.close();
    }
  }
  return undefined;
}

describe("logging in", () => {
  it("refuses a key the host does not know: CONNECTION_FAILED naming what was tried", async () => {
    const wrong = await generateSshKey(join(dir, "wrong_key"));
    const error = await login({ identity: wrong.privateKeyFile });
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect(error?.retryable).toBe(false);
    expect(error?.message).toBe(
      `could not log in as ${sshd.user}@127.0.0.1:${sshd.port}: the host refused every key: tried ${wrong.privateKeyFile}`,
    );
    expect(error?.hint).toContain("authorized_keys");
  });

  it("says a passphrase-protected key needs ssh-agent, before connecting at all", async () => {
    const locked = await generateSshKey(join(dir, "locked_key"), { passphrase: "s3cret" });
    const error = await login({ identity: locked.privateKeyFile, agentSocket: null });
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect(error?.message).toBe(
      `could not log in to 127.0.0.1:${sshd.port}: the key ${locked.privateKeyFile} is protected by a passphrase and no ssh-agent is running (SSH_AUTH_SOCK is not set); zrelay never asks for passphrases`,
    );
    expect(error?.hint).toContain(`ssh-add ${locked.privateKeyFile}`);
    expect(sshd.connections()).toHaveLength(0);
  });

  it("logs in with a passphrase-protected key held by ssh-agent, on both data paths", async () => {
    const locked = await generateSshKey(join(dir, "agent_key"), { passphrase: "s3cret" });
    await sshd.authorizeKey(locked.publicKey);
    const agent = await startTestSshAgent();
    try {
      await agent.add(locked.privateKeyFile, "s3cret");
      expect(await login({ identity: locked.privateKeyFile, agentSocket: agent.socket })).toBeUndefined();
      expect(await login({ identity: undefined, agentSocket: agent.socket })).toBeUndefined();
    } finally {
      await agent.stop();
    }
  });

  it("tries the default keys in ~/.ssh when no identity is given", async () => {
    const home = join(dir, "home");
    await mkdir(join(home, ".ssh"), { recursive: true });
    const key = await generateSshKey(join(home, ".ssh", "id_ecdsa"), { type: "ecdsa" });
    await sshd.authorizeKey(key.publicKey);
    const realHome = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(await login({ identity: undefined, agentSocket: null })).toBeUndefined();
      await rm(key.privateKeyFile);
      const error = await login({ identity: undefined, agentSocket: null });
      expect(error?.message).toBe(
        `could not log in as ${sshd.user}@127.0.0.1:${sshd.port}: no key to log in with: no ssh-agent, and none of ${home}/.ssh/id_ed25519, ${home}/.ssh/id_ecdsa, ${home}/.ssh/id_rsa exists`,
      );
    } finally {
      if (realHome === undefined) delete process.env.HOME;
      else process.env.HOME = realHome;
    }
  });
});

describe("connecting", () => {
  it("reports a port nobody listens on as CONNECTION_FAILED, retryable", async () => {
    const gone = await startTestSshd();
    await gone.stop();
    const error = await login({ port: gone.port });
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect(error?.retryable).toBe(true);
    expect(error?.message).toBe(
      `could not connect to 127.0.0.1:${gone.port}: connection refused (is sshd running and listening on that port?)`,
    );
  });

  it("gives up on a host that accepts the connection but never speaks SSH", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = await login({ port, connectTimeoutMs: 300 });
      expect(error?.message).toBe(`could not connect to 127.0.0.1:${port}: no answer within 0.3 s`);
      expect(error?.retryable).toBe(true);
    } finally {
      silent.close();
    }
  });
});
