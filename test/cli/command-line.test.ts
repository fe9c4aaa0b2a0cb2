import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, resultOf } from "./cli-sandbox.js";

// The built CLI as cron and a shell run it, against the zfs emulator: what issue 11
// (points 5–9) found on the command line.
describe("the zrelay command line, built, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-p", "tank/data/home");
    await box.zfs("snapshot", "tank/data/home@daily-1");
  });
  afterEach(() => box.dispose());

  it("doctor --json before its subcommand prints check events, and -q silences the checks that pass", async () => {
    const json = await box.zrelay("doctor", "--json", "sync", "tank/data", "backup/copy");
    expect([json.code, json.stderr]).toEqual([0, []]);
    const events = json.stdout.map((line) => JSON.parse(line) as { event: string; status?: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event === "check").length).toBeGreaterThan(0);
    expect(events.every((e) => e.event === "check" || e.event === "info")).toBe(true);
    expect(await box.zrelay("doctor", "-q", "sync", "tank/data", "backup/copy")).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
  });

  it("plan with a closed stdout ends quietly with the plan's status, no EPIPE stack", async () => {
    const child = execa(
      process.execPath,
      [box.binary, "plan", "sync", "tank/data", "backup/copy", "--debug"],
      {
        env: box.env,
        extendEnv: true,
        reject: false,
        stdout: "pipe",
      },
    );
    // The reader goes away before zrelay has written a line, as `| head -0` would.
    child.stdout?.destroy();
    const result = resultOf(await child);
    expect([result.code, result.stderr]).toEqual([0, []]);
  });

  it("a user given twice, differently, is refused with exit 2 before any connection", async () => {
    expect(
      await box.zrelay(
        "pull",
        "--host",
        "admin@host-storage",
        "--user",
        "root",
        "--dest",
        "backup/h",
        "tank/data",
      ),
    ).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        "🚨 admin@host-storage says to log in as admin, but --user says root; give the user once",
        "    Run zrelay help for the arguments of each command.",
      ],
    });
  });

  it("an --exclude matching the root warns on stderr, also with --quiet", async () => {
    expect(await box.zrelay("sync", "tank/data", "backup/copy", "--exclude", "tank/*", "-q")).toEqual({
      code: 0,
      stdout: [],
      stderr: [
        "🚨 warning: tank/data (named by sync tank/data backup/copy) is left out by --exclude 'tank/*', and its whole tree with it",
      ],
    });
    await expect(box.zfs("list", "backup/copy")).rejects.toThrow();
  });
});
