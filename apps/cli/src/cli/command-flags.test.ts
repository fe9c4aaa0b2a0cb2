import { describe, expect, it } from "vitest";
import { configRunFlagsOf, outputFlagsOf, pullFlagsOf, pushFlagsOf, runFlagsOf } from "./command-flags.js";

describe("the parse step from commander's option values to each command's flags", () => {
  it("reads pull's flags by name and type", () => {
    const flags = pullFlagsOf({
      host: "backup@host-storage",
      dest: "backuppool/hs",
      port: 2222,
      sshDataPath: "ssh2",
      exclude: ["*/tmp"],
      includeSnapshots: ["daily-*"],
      jobs: 2,
      allowRollback: true,
    });
    expect(flags).toMatchObject({
      host: "backup@host-storage",
      dest: "backuppool/hs",
      port: 2222,
      sshDataPath: "ssh2",
      exclude: ["*/tmp"],
      includeSnapshots: ["daily-*"],
      excludeSnapshots: undefined,
      jobs: 2,
      allowRollback: true,
      force: undefined,
    });
  });

  it("fills the output and run settings with their defaults", () => {
    expect(outputFlagsOf({})).toEqual({ quiet: false, debug: false, json: false });
    expect(runFlagsOf({ json: true, metricsFile: "/m.prom" })).toEqual({
      output: { quiet: false, debug: false, json: true },
      dryRun: false,
      metricsFile: "/m.prom",
    });
    expect(configRunFlagsOf({ config: "/etc/zrelay/zrelay.yaml", force: true })).toMatchObject({
      config: "/etc/zrelay/zrelay.yaml",
      allowRollback: false,
      force: true,
    });
  });

  it.each([
    ["a port that is not a number", () => pullFlagsOf({ host: "h", dest: "d", port: "22" })],
    ["a data path commander does not offer", () => pullFlagsOf({ host: "h", dest: "d", sshDataPath: "rsh" })],
    ["a list that is a string", () => pullFlagsOf({ host: "h", dest: "d", exclude: "*/tmp" })],
    ["a required option missing", () => pushFlagsOf({ host: "h" })],
    ["a switch that is a string", () => outputFlagsOf({ quiet: "yes" })],
  ])("refuses %s as a bug in the program definition, not a user error", (_what, parse) => {
    expect(parse).toThrow(/^option \w+ was parsed as /);
  });
});
