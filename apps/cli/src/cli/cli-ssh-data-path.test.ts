import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const PULL = ["pull", "--host", "host-storage", "--dest", "backup/host-storage", "tank/data"];

describe("--ssh-data-path", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
  });
  afterEach(() => cli.cleanup());

  it.each(["openssh", "ssh2"])("hands %s to the remote side, and only to it", async (path) => {
    const result = await cli.run(...PULL, "--ssh-data-path", path);
    expect(result.code).toBe(0);
    expect(cli.requests.map((request) => [request.role, request.side])).toEqual([
      ["source", { host: "host-storage", sshDataPath: path }],
      ["target", {}],
    ]);
  });

  it("leaves the choice to the adapter when not given", async () => {
    await cli.run(...PULL);
    expect(cli.requests[0]?.side).toEqual({ host: "host-storage" });
  });

  it("refuses any other value with the choices, exit 2, before opening anything", async () => {
    expect(await cli.run(...PULL, "--ssh-data-path", "OpenSSH")).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        "🚨 error: option '--ssh-data-path <path>' argument 'OpenSSH' is invalid. Allowed choices are openssh, ssh2.",
      ],
    });
    expect(cli.requests).toEqual([]);
  });

  it("is listed in the help of pull, push, sync and restore-keys", async () => {
    for (const command of ["pull", "push", "sync", "restore-keys"]) {
      const { stdout } = await cli.run(command, "--help");
      expect(stdout.join("\n")).toMatch(
        /--ssh-data-path <path>\s+send\/receive streams through the ssh client/,
      );
    }
  });
});
