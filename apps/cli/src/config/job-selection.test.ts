import { describe, expect, it } from "vitest";
import { parseConfig } from "./config-loader.js";
import { selectJobs } from "./job-selection.js";

const config = parseConfig(
  `jobs:
  pull-storage: { kind: pull, from: host-storage, datasets: [tank], dest: backup/host-storage }
  pull-web: { kind: pull, from: host-web, datasets: [tank], dest: backup/host-web }
  push-albion: { kind: push, to: host-albion, datasets: [backup/host-web], strip-prefix: backup }
`,
  "zrelay.yaml",
);

describe("selectJobs", () => {
  it("runs every job, in file order, when none is named", () => {
    expect(selectJobs(config, []).map((job) => job.name)).toEqual([
      "pull-storage",
      "pull-web",
      "push-albion",
    ]);
  });

  it("keeps the file's order whatever order the names come in", () => {
    expect(selectJobs(config, ["push-albion", "pull-web"]).map((job) => job.name)).toEqual([
      "pull-web",
      "push-albion",
    ]);
  });

  it("names each unknown job, guesses the meant one, and lists the jobs there are", () => {
    expect(() => selectJobs(config, ["pull-storag", "offsite"])).toThrow(
      expect.objectContaining({
        code: "USAGE",
        message:
          "no job 'pull-storag' in zrelay.yaml — did you mean 'pull-storage'?\nno job 'offsite' in zrelay.yaml",
        hint: "Jobs in zrelay.yaml: pull-storage, pull-web, push-albion.",
      }),
    );
  });
});
