import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";

describe("zrelay doctor, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "tank/data");
  });
  afterEach(() => box.dispose());

  it("checks both sides and exits 0 when a job can run", async () => {
    const result = await box.zrelay("doctor", "sync", "tank/data", "backup/copy");
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    expect(result.stdout[0]).toBe("* sync tank/data backup/copy:");
    expect(result.stdout).toContain("* source localhost: tank/data exists");
  });

  it("exits 1 and says on stderr what is missing, also with --quiet", async () => {
    const result = await box.zrelay("doctor", "sync", "tank/nope", "backup/copy", "--quiet");
    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        "🚨 source localhost: tank/nope does not exist",
        "    Check the name with `zfs list -r tank` there, or take it out of the job.",
      ],
    });
  });
});
