import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, policyReference } from "@zrelay/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HostSpec } from "../job/job-definition.js";
import type { OpenEndpoint } from "./endpoint-factory.js";
import { SystemEndpointFactory } from "./system-endpoint-factory.js";

// Opening an SSH side resolves its settings but connects to nothing, so these
// need no sshd: PATH decides whether an `ssh` binary is found, HOME keeps the
// user's own ~/.ssh/config out.
describe("SystemEndpointFactory: the SSH data path reaches the adapter", () => {
  let directory: string;
  let withSsh: string;
  let withoutSsh: string;
  const opened: OpenEndpoint[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "zrelay-endpoints-"));
    withSsh = join(directory, "bin");
    withoutSsh = join(directory, "empty");
    mkdirSync(withSsh);
    mkdirSync(withoutSsh);
    writeFileSync(join(withSsh, "ssh"), "#!/bin/sh\nexit 255\n");
    chmodSync(join(withSsh, "ssh"), 0o755);
    vi.stubEnv("HOME", directory);
  });
  afterEach(async () => {
    for (const side of opened.splice(0)) await side.close();
    vi.unstubAllEnvs();
    rmSync(directory, { recursive: true, force: true });
  });

  const open = async (side: HostSpec) => {
    const endpoint = await new SystemEndpointFactory().open({
      side,
      role: "source",
      acceptNewHostKey: false,
      onCommand: () => undefined,
    });
    opened.push(endpoint);
    return endpoint.sshStreams;
  };

  it("openssh by default when ssh is in PATH, ssh2 when asked", async () => {
    vi.stubEnv("PATH", withSsh);
    expect(await open({ host: "host-storage" })).toEqual({
      dataPath: "openssh",
      sshBinary: join(withSsh, "ssh"),
      chosen: false,
    });
    expect(await open({ host: "host-storage", sshDataPath: "ssh2" })).toEqual({
      dataPath: "ssh2",
      sshBinary: join(withSsh, "ssh"),
      chosen: true,
    });
  });

  it("falls back to ssh2 without an ssh binary, but refuses openssh when it was asked for", async () => {
    vi.stubEnv("PATH", withoutSsh);
    expect(await open({ host: "host-storage" })).toEqual({
      dataPath: "ssh2",
      sshBinary: undefined,
      chosen: false,
    });
    await expect(open({ host: "host-storage", sshDataPath: "openssh" })).rejects.toMatchObject({
      code: ErrorCode.USAGE,
      message: "the OpenSSH client (ssh) is not installed here, and the openssh data path was chosen",
      hint: expect.stringContaining(policyReference("sshDataPath", "ssh2")),
    });
  });

  it("has no data path for this machine", async () => {
    expect(await open({})).toBeUndefined();
  });
});
