import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandSshPath } from "./ssh-host-config.js";
import { resolveSshSettings } from "./ssh-settings.js";

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zrelay-ssh-config-"));
  config = join(dir, "config");
  await writeFile(
    config,
    [
      "Host backup",
      "  HostName 10.0.0.5",
      "  user zrelay",
      "  Port 2222",
      "  IdentityFile ~/.ssh/zrelay_%r",
      "Host *.lan",
      "  HostName %h.example",
      "Host *",
      "  User fallback",
      '  Match exec "touch /tmp/zrelay-should-not-exist"',
      "",
    ].join("\n"),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("resolveSshSettings", () => {
  it("follows a Host alias of the ssh config: HostName, User, Port, IdentityFile", () => {
    const settings = resolveSshSettings({ host: "backup", sshConfigFile: config, agentSocket: null });
    expect(settings).toMatchObject({
      label: "backup",
      address: "backup (10.0.0.5:2222)",
      hostName: "10.0.0.5",
      port: 2222,
      user: "zrelay",
      identityFiles: [join(homedir(), ".ssh", "zrelay_zrelay")],
      identityChosen: true,
      agentSocket: undefined,
    });
  });

  it("lets options win over the config, and names the user in the label", () => {
    const settings = resolveSshSettings({
      host: "backup",
      user: "root",
      port: 22,
      identity: "/keys/k",
      sshConfigFile: config,
    });
    expect(settings).toMatchObject({
      label: "root@backup",
      user: "root",
      port: 22,
      identityFiles: ["/keys/k"],
    });
  });

  it("expands %h in HostName and takes the first User that matches", () => {
    const settings = resolveSshSettings({ host: "nas.lan", sshConfigFile: config });
    expect(settings).toMatchObject({
      hostName: "nas.lan.example",
      user: "fallback",
      port: 22,
      identityChosen: false,
    });
  });

  it("falls back to the local user, port 22, the default keys and known_hosts files", () => {
    const settings = resolveSshSettings({
      host: "plain",
      sshConfigFile: null,
      agentSocket: "/run/agent.sock",
    });
    const ssh = join(homedir(), ".ssh");
    expect(settings).toMatchObject({
      user: userInfo().username,
      port: 22,
      address: "plain:22",
      identityFiles: [join(ssh, "id_ed25519"), join(ssh, "id_ecdsa"), join(ssh, "id_rsa")],
      knownHostsFiles: [join(ssh, "known_hosts"), "/etc/ssh/ssh_known_hosts"],
      agentSocket: "/run/agent.sock",
      acceptNewHostKey: false,
      sudo: false,
      cipher: "aes128-gcm@openssh.com",
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it.each([
    [{ host: "-oProxyCommand=x" }, "is not a host name"],
    [{ host: "user@host" }, "is not a host name"],
    [{ host: "host", port: 70000 }, "is not a TCP port"],
    [{ host: "host", keepaliveIntervalMs: 0 }, "keepaliveIntervalMs must be a positive whole number"],
  ])("refuses %j", (options, message) => {
    let error: unknown;
    try {
      resolveSshSettings({ sshConfigFile: null, ...options });
    } catch (caught) {
      error = caught;
    }
    expect(isZrelayError(error, ErrorCode.USAGE)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});

describe("expandSshPath", () => {
  it.each([
    ["~/.ssh/id", "/home/u/.ssh/id"],
    ["%d/k_%u_%r@%h:%p", "/home/u/k_me_them@h.example:2222"],
    ["/keys/100%%", "/keys/100%"],
    ["/not~/tilde", "/not~/tilde"],
  ])("%s → %s", (path, expected) => {
    const tokens = {
      home: "/home/u",
      localUser: "me",
      remoteUser: "them",
      hostName: "h.example",
      port: 2222,
    };
    expect(expandSshPath(path, tokens)).toBe(expected);
  });
});
