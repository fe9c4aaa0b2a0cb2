import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ErrorCode, isZrelayError, type ZrelayError } from "@zrelay/core";
import {
  generateSshKey,
  type SshKeyPair,
  sshKeyFingerprint,
  startTestSshd,
  type TestSshd,
} from "@zrelay/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { opensshStreams } from "./openssh-streams.js";
import { createSshCommandRunner } from "./ssh-command-runner.js";
import type { SshEndpointOptions } from "./ssh-endpoint-options.js";
import { resolveSshSettings } from "./ssh-settings.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";
import { textSink } from "./text-sink.fixture.js";

const run = promisify(execFile);
let dir: string;
let sshd: TestSshd;
let hostFingerprint: string;
let otherEd25519: SshKeyPair;
let otherEcdsa: SshKeyPair;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-host-keys-"));
  sshd = await startTestSshd();
  hostFingerprint = await sshKeyFingerprint(sshd.hostKey.publicKeyFile);
  otherEd25519 = await generateSshKey(join(dir, "other_ed25519"));
  otherEcdsa = await generateSshKey(join(dir, "other_ecdsa"), { type: "ecdsa" });
});

afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function knownHosts(...lines: string[]): Promise<string> {
  const file = join(dir, `known_hosts_${++files}`);
  await writeFile(file, lines.map((line) => `${line}\n`).join(""));
  return file;
}

/** Connects and runs `true`; resolves with the error, or undefined when it worked. */
async function connect(overrides: Partial<SshEndpointOptions>): Promise<ZrelayError | undefined> {
  const ssh = createSshCommandRunner(resolveSshSettings(testSshdOptions(sshd, overrides)));
  try {
    const result = await ssh.run(["true"]);
    expect(result.exitCode).toBe(0);
    return undefined;
  } catch (error) {
    return error as ZrelayError;
  } finally {
    await ssh.close();
  }
}

const name = () => `[127.0.0.1]:${sshd.port}`;

describe("host keys are always verified", () => {
  it("accepts the key recorded in known_hosts, hashed or not", async () => {
    expect(await connect({})).toBeUndefined();
    const hashed = join(dir, "hashed_known_hosts");
    await copyFile(sshd.knownHostsFile, hashed);
    await run("ssh-keygen", ["-H", "-f", hashed]);
    expect(await readFile(hashed, "utf8")).toMatch(/^\|1\|/);
    expect(await connect({ knownHostsFiles: [join(dir, "absent"), hashed] })).toBeUndefined();
  });

  it("refuses an unknown host, naming its fingerprint and how to accept it", async () => {
    const error = await connect({ knownHostsFiles: [await knownHosts()] });
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect(error?.retryable).toBe(false);
    expect(error?.message).toBe(
      `the host key of 127.0.0.1:${sshd.port} is not known: it presents ED25519 key ${hostFingerprint}, and no known_hosts file (${dir}/known_hosts_${files}) has a key for ${name()}`,
    );
    expect(error?.hint).toContain("{{acceptNewHostKey}}");
    // The client hung up; sshd's pre-auth child may take a moment to notice on a loaded machine.
    await vi.waitFor(() => expect(sshd.connections()).toHaveLength(0), { timeout: 10_000 });
  });

  it("records an unknown key with acceptNewHostKey, as OpenSSH's accept-new, and both paths trust it then", async () => {
    const file = join(dir, "new", ".ssh", "known_hosts");
    expect(await connect({ knownHostsFiles: [file], acceptNewHostKey: true })).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe(`${name()} ${sshd.hostKey.publicKey}\n`);
    const { stdout } = await run("ssh-keygen", ["-F", name(), "-f", file]);
    expect(stdout).toContain(sshd.hostKey.publicKey);
    expect(await connect({ knownHostsFiles: [file] })).toBeUndefined();
    const streams = opensshStreams(resolveSshSettings(testSshdOptions(sshd, { knownHostsFiles: [file] })));
    const sink = textSink();
    const exit = await streams.startWithOutput("exec echo trusted", "echo trusted", {
      writable: sink.writable,
      inheritable: false,
    }).exit;
    expect(exit.exitCode).toBe(0);
    expect(sink.text()).toBe("trusted\n");
  });

  it("refuses a changed key, loudly, with both fingerprints, even with acceptNewHostKey", async () => {
    const file = await knownHosts(`# earlier key`, `${name()} ${otherEd25519.publicKey}`);
    const error = await connect({ knownHostsFiles: [file], acceptNewHostKey: true });
    expect(isZrelayError(error, ErrorCode.CONNECTION_FAILED)).toBe(true);
    expect(error?.retryable).toBe(false);
    const old = await sshKeyFingerprint(otherEd25519.publicKeyFile);
    expect(error?.message).toBe(
      `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The host key of 127.0.0.1:${sshd.port} is not the one on record: it presents ED25519 key ${hostFingerprint}, but ${file}:2 holds ED25519 key ${old}. Someone could be eavesdropping on you right now (a man-in-the-middle attack), or the host was reinstalled. zrelay refused to connect.`,
    );
    expect(error?.hint).toContain(`ssh-keygen -R '${name()}' -f ${file}`);
    expect(await readFile(file, "utf8")).toBe(`# earlier key\n${name()} ${otherEd25519.publicKey}\n`);
  });

  it("refuses a host whose known key is of another type, as a changed key", async () => {
    const file = await knownHosts(`${name()} ${otherEcdsa.publicKey}`);
    const error = await connect({ knownHostsFiles: [file], acceptNewHostKey: true });
    expect(error?.message).toContain("REMOTE HOST IDENTIFICATION HAS CHANGED");
    expect(error?.message).toContain(`holds ECDSA key ${await sshKeyFingerprint(otherEcdsa.publicKeyFile)}`);
  });

  it("refuses a revoked key even where it is listed", async () => {
    const file = await knownHosts(
      `${name()} ${sshd.hostKey.publicKey}`,
      `@revoked * ${sshd.hostKey.publicKey}`,
    );
    const error = await connect({ knownHostsFiles: [file] });
    expect(error?.message).toBe(
      `the host key of 127.0.0.1:${sshd.port} is revoked: it presents ED25519 key ${hostFingerprint}, which ${file}:2 marks @revoked. zrelay refused to connect.`,
    );
  });

  it("holds the OpenSSH data path to the same files: it never accepts a key on its own", async () => {
    const streams = opensshStreams(
      resolveSshSettings(testSshdOptions(sshd, { knownHostsFiles: [await knownHosts()] })),
    );
    const sink = textSink();
    const exit = await streams.startWithOutput("exec true", "true", {
      writable: sink.writable,
      inheritable: false,
    }).exit;
    expect(exit.loginFailure).toBe(
      `the OpenSSH client (ssh) could not log in to 127.0.0.1:${sshd.port} for the stream: No ED25519 host key is known for ${name()} and you have requested strict checking. Host key verification failed.`,
    );
    expect(exit.outputError).toBeUndefined();
  });
});
