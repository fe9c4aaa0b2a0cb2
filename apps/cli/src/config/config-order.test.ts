import { describe, expect, it } from "vitest";
import { ConfigFileError } from "./config-issues.js";
import { parseConfig } from "./config-loader.js";

function problems(text: string): string[] {
  try {
    parseConfig(text, "zrelay.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as Error).message.split("\n");
  }
  throw new Error("the config was accepted");
}

const MIRRORS = `jobs:
  forth:
    kind: sync
    from: tank/x
    to: backup/x
  back:
    kind: sync
    from: backup/x/y
    to: tank/x
`;

describe("the order of jobs, checked at config load", () => {
  it("refuses jobs that feed each other in a circle, naming them and why each waits", () => {
    expect(problems(MIRRORS)).toEqual([
      "zrelay.yaml:2:3: jobs.forth: jobs forth → back → forth wait for each other in a circle, so none of them could start: " +
        "forth waits for back (it sends from localhost:tank/x that back receives into); " +
        "back waits for forth (it sends from localhost:backup/x that forth receives into). " +
        "Drop an after: entry, or give one of them datasets the other does not write",
    ]);
  });

  it("refuses a circle made by after:", () => {
    const text = `jobs:
  a:
    kind: sync
    from: tank/a
    to: backup/a
    after: [b]
  b:
    kind: sync
    from: tank/b
    to: backup/b
    after: [a]
`;
    expect(problems(text)).toEqual([
      "zrelay.yaml:2:3: jobs.a: jobs a → b → a wait for each other in a circle, so none of them could start: " +
        "a waits for b (its after: says so); b waits for a (its after: says so). " +
        "Drop an after: entry, or give one of them datasets the other does not write",
    ]);
  });

  it("refuses an after: naming no job, or the job itself, where it is written", () => {
    const text = `jobs:
  pull-storage:
    kind: sync
    from: tank/a
    to: backup/a
    after: [pull-storag, pull-storage]
`;
    expect(problems(text)).toEqual([
      "zrelay.yaml:6:13: jobs.pull-storage.after[0]: no job 'pull-storag' in this file — did you mean 'pull-storage'?; jobs: pull-storage",
      "zrelay.yaml:6:26: jobs.pull-storage.after[1]: 'pull-storage' is this job itself; a job cannot wait for itself",
    ]);
  });

  it("reads parallel-jobs from defaults, a whole number from 1 to 256", () => {
    const job = "jobs:\n  a: { kind: sync, from: tank/a, to: backup/a }\n";
    expect(parseConfig(`defaults:\n  parallel-jobs: 8\n${job}`, "zrelay.yaml").defaults.parallelJobs).toBe(8);
    expect(parseConfig(job, "zrelay.yaml").defaults.parallelJobs).toBeUndefined();
    expect(problems(`defaults:\n  parallel-jobs: 0\n${job}`)).toEqual([
      "zrelay.yaml:2:18: defaults.parallel-jobs: must be a whole number from 1 to 256, got 0",
    ]);
  });
});
