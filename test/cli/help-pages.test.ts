import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { createCliHarness } from "../../apps/cli/src/testing/cli-harness.fixture.js";
import { ZRELAY_BIN } from "./cli-sandbox.js";

// `zrelay --help` prints pages the build wrote from the commander definitions, without
// loading commander (bench/startup.mjs times it): each must be what commander prints.
const HELP_REQUESTS = [
  ["--help"],
  ["-h"],
  ["help"],
  ["help", "pull"],
  ["help", "restore-keys"],
  ["pull", "--help"],
  ["run", "-h"],
  ["plan", "--help"],
  ["plan", "pull", "--help"],
  ["doctor", "sync", "-h"],
];

describe("help pages built ahead", () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());

  it("were written by the build", () => {
    expect(existsSync(join(ZRELAY_BIN, "../../dist/help-pages.json"))).toBe(true);
  });

  it.each(HELP_REQUESTS.map((argv) => [argv.join(" "), argv] as const))(
    "zrelay %s prints what commander prints, exit 0",
    async (_line, argv) => {
      const built = await execa(process.execPath, [ZRELAY_BIN, ...argv], { reject: false });
      const live = await cli.run(...argv);
      expect(live.code).toBe(0);
      expect({ code: built.exitCode, stdout: built.stdout.split("\n"), stderr: built.stderr }).toEqual({
        code: 0,
        stdout: live.stdout,
        stderr: "",
      });
    },
  );

  it("shows the examples of the command asked for, under plan and doctor too", async () => {
    const plan = await execa(process.execPath, [ZRELAY_BIN, "plan", "pull", "--help"]);
    expect(plan.stdout).toContain(
      "Examples:\n  zrelay plan pull --host backup@host-storage --dest backuppool/hosts/host-storage tank/data\n",
    );
    expect(plan.stdout).toContain("\nExit status:\n  0   every dataset replicated");
  });

  it("leaves any other command line to commander, which prints the same page", async () => {
    const page = await execa(process.execPath, [ZRELAY_BIN, "pull", "--help"]);
    const withOptions = await execa(process.execPath, [ZRELAY_BIN, "pull", "--host", "h", "--help"]);
    expect(withOptions.stdout).toBe(page.stdout);
  });
});
