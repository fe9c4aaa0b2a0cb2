import { describe, expect, it } from "vitest";
import { ConfigFileError } from "./config-issues.js";
import { parseConfig } from "./config-loader.js";
import { parseRetentionText } from "./retention-setting.js";

describe("--prune-target / --prune-source text", () => {
  it.each([
    ["latest=24,daily=30", { keep: { latest: 24, daily: 30 } }],
    [
      " hourly=48 , weekly=8,monthly=12,yearly=3 ",
      { keep: { hourly: 48, weekly: 8, monthly: 12, yearly: 3 } },
    ],
    ["daily=7,match=autosnap_*,match=zrelay_*", { keep: { daily: 7 }, match: ["autosnap_*", "zrelay_*"] }],
  ])("%s", (text, expected) => expect(parseRetentionText(text, "--prune-target")).toEqual(expected));

  it.each([
    ["daily=thirty", "--prune-target: daily needs a whole number, got 'thirty'"],
    ["dayly=3", "--prune-target: unknown 'dayly'"],
    ["latest=0", "--prune-target: keep: keeps nothing; give at least one count above 0 (e.g. latest: 24)"],
    ["", "keeps nothing"],
    ["daily=3,match=tank@x", "patterns match the snapshot's short name after '@'"],
    ["daily=3,match=", "match= needs a pattern"],
  ])("refuses %j", (text, message) => expect(parseRetentionText(text, "--prune-target")).toContain(message));
});

const config = (body: string) => `defaults:
  prune-target:
    keep: { latest: 24, daily: 30 }
jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
${body}`;

const jobOf = (body: string) => {
  const [job] = parseConfig(config(body), "/etc/zrelay/zrelay.yaml").jobs;
  return job?.options;
};

const problemOf = (body: string) => {
  try {
    parseConfig(config(body), "/etc/zrelay/zrelay.yaml");
  } catch (error) {
    if (error instanceof ConfigFileError) return error.message;
    throw error;
  }
  return "accepted";
};

describe("prune-source: and prune-target: in the config file", () => {
  it("a job inherits the defaults' rules, adds its own side, or turns the default off", () => {
    expect(jobOf("")).toMatchObject({ pruneTarget: { keep: { latest: 24, daily: 30 } } });
    expect(jobOf("")?.pruneSource).toBeUndefined();
    expect(jobOf("    prune-source:\n      keep: { latest: 3 }\n      match: [autosnap_*]\n")).toMatchObject({
      pruneSource: { keep: { latest: 3 }, match: ["autosnap_*"] },
      pruneTarget: { keep: { latest: 24, daily: 30 } },
    });
    expect(jobOf("    prune-target: off\n")?.pruneTarget).toBeUndefined();
  });

  it.each([
    [
      "    prune-target:\n      keep: { dayly: 3 }\n",
      "jobs.nightly.prune-target.keep.dayly: unknown count 'dayly'",
    ],
    ["    prune-target:\n      match: [x*]\n", "jobs.nightly.prune-target: missing 'keep:'"],
    ["    prune-target:\n      keep: { latest: 0 }\n", "keeps nothing"],
    ["    prune-target:\n      keep: { latest: -1 }\n", "jobs.nightly.prune-target.keep.latest"],
    [
      "    prune-target: 24\n",
      "must be a map like { keep: { latest: 24, daily: 30 }, match: ['autosnap_*'] }, or off",
    ],
    [
      "    prune-target:\n      keep: { latest: 2 }\n      rules: x\n",
      "unknown key 'rules'; allowed: keep, match",
    ],
  ])("refuses %j", (body, message) => expect(problemOf(body)).toContain(message));
});
