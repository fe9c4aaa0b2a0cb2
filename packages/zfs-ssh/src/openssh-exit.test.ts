import { describe, expect, it } from "vitest";
import { opensshArgv } from "./openssh-argv.js";
import { readOpensshExit } from "./openssh-exit.js";
import { resolveSshSettings } from "./ssh-settings.js";

const exit = (exitCode: number | null, stderrTail: string) => ({
  exitCode,
  signal: null,
  stderrTail,
  stdoutTail: "",
});

describe("readOpensshExit", () => {
  it.each([
    ["Connection to 10.0.0.5 closed by remote host.", "Connection to 10.0.0.5 closed by remote host."],
    ["client_loop: send disconnect: Broken pipe", "client_loop: send disconnect: Broken pipe"],
    ["Timeout, server 10.0.0.5 not responding.", "Timeout, server 10.0.0.5 not responding."],
    [
      "ssh: connect to host 10.0.0.5 port 22: Connection refused",
      "ssh: connect to host 10.0.0.5 port 22: Connection refused",
    ],
    ["Connection reset by 10.0.0.5 port 22\r", "Connection reset by 10.0.0.5 port 22"],
  ])("turns ssh's own failure %j into outputError", (line, said) => {
    const read = readOpensshExit(
      exit(255, `cannot receive: partial\n${line}\n`),
      "backup:22",
      () => 3.1 * 1024 ** 3,
    );
    expect(read).toMatchObject({
      exitCode: null,
      stderrTail: "cannot receive: partial\n",
      outputError: `the SSH connection to backup:22 failed after 3.1 GiB: ${said}`,
    });
  });

  it("says nothing of bytes when none moved", () => {
    const read = readOpensshExit(exit(255, "Connection closed by 10.0.0.5 port 22\n"), "backup:22", () => 0);
    expect(read.outputError).toBe(
      "the SSH connection to backup:22 failed: Connection closed by 10.0.0.5 port 22",
    );
  });

  it.each([
    "root@10.0.0.5: Permission denied (publickey).",
    "Host key verification failed.",
    'Load key "/root/.ssh/id_ed25519": incorrect passphrase supplied to decrypt private key',
    "Unable to negotiate with 10.0.0.5 port 22: no matching cipher found.",
    "Host key for 10.0.0.5 has changed and you have requested strict checking.",
  ])("turns a refused login %j into loginFailure, not a retryable interruption", (line) => {
    const read = readOpensshExit(exit(255, `${line}\n`), "backup:22", () => 0);
    expect(read).toMatchObject({
      exitCode: null,
      loginFailure: `the OpenSSH client (ssh) could not log in to backup:22 for the stream: ${line}`,
    });
    expect(read.outputError).toBeUndefined();
  });

  it("leaves zfs's own exit status 255 alone", () => {
    const zfs = exit(255, "cannot resume send: 'src/plain@c' used in the initial send no longer exists\n");
    expect(readOpensshExit(zfs, "backup:22", () => 0)).toBe(zfs);
  });

  it("leaves other exit statuses alone", () => {
    const failed = exit(1, "Connection to x closed by remote host.\n");
    expect(readOpensshExit(failed, "backup:22", () => 0)).toBe(failed);
  });
});

describe("opensshArgv", () => {
  it("holds ssh to the control connection's host, keys and known_hosts, with no prompts or sockets", () => {
    const settings = resolveSshSettings({
      host: "backup",
      port: 2222,
      user: "zrelay",
      identity: "/keys/my key",
      knownHostsFiles: ["/kh/one", "/kh/100%"],
      agentSocket: null,
      sshConfigFile: null,
      dataPath: "openssh",
    });
    const argv = opensshArgv(settings, "exec 'zfs' 'send' 'a@b'");
    expect(argv.slice(-3)).toEqual(["--", "backup", "exec 'zfs' 'send' 'a@b'"]);
    const words = argv.join("\n");
    for (const expected of [
      "-F\nnone",
      "BatchMode=yes",
      "StrictHostKeyChecking=yes",
      "UserKnownHostsFile=/kh/one /kh/100%%",
      "GlobalKnownHostsFile=none",
      "ControlMaster=no",
      "ControlPath=none",
      "IdentityAgent=none",
      '-i\n"/keys/my key"',
      "IdentitiesOnly=yes",
      "-c\naes128-gcm@openssh.com",
      "-p\n2222",
      "-l\nzrelay",
    ]) {
      expect(words).toContain(expected);
    }
  });
});
