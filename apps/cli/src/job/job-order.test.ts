import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/config-loader.js";
import { jobWaits, waitCycle, waitLines } from "./job-order.js";

// The backup server of the user's notes: pulls from two hosts into backuppool/encryptedbackups,
// a push of all of it offsite, and a local mirror that nothing feeds.
const FLEET = `
jobs:
  push-offsite:
    kind: push
    to: backup@host-albion
    datasets: [backuppool/encryptedbackups]
    strip-prefix: backuppool
  pull-storage:
    kind: pull
    from: backup@host-storage
    datasets: [tank/data, tank/home]
    dest: backuppool/encryptedbackups/host-storage
  pull-web:
    kind: pull
    from: backup@host-web
    datasets: [tank/www]
    dest: backuppool/encryptedbackups/host-web
  mirror-scratch:
    kind: sync
    from: tank/scratch
    to: backuppool/scratch
  report:
    kind: sync
    from: backuppool/scratch/reports
    to: archive/reports
    after: [pull-web]
`;

const jobsOf = (text: string) => parseConfig(text, "zrelay.yaml").jobs;

describe("jobWaits", () => {
  it("makes a job wait for the jobs receiving into its source trees, and for its after: names", () => {
    const jobs = jobsOf(FLEET);
    const waits = jobWaits(jobs);
    expect(Object.fromEntries(waits)).toEqual({
      "push-offsite": [
        {
          feeder: "pull-storage",
          reason: "datasets",
          tree: "localhost:backuppool/encryptedbackups/host-storage/tank/data",
        },
        {
          feeder: "pull-web",
          reason: "datasets",
          tree: "localhost:backuppool/encryptedbackups/host-web/tank/www",
        },
      ],
      report: [
        { feeder: "pull-web", reason: "after" },
        { feeder: "mirror-scratch", reason: "datasets", tree: "localhost:backuppool/scratch" },
      ],
    });
    expect(waitLines(jobs, waits)).toEqual([
      "push-offsite waits for pull-storage (it receives into localhost:backuppool/encryptedbackups/host-storage/tank/data), " +
        "pull-web (it receives into localhost:backuppool/encryptedbackups/host-web/tank/www)",
      "report waits for pull-web (after:), mirror-scratch (it receives into localhost:backuppool/scratch)",
    ]);
    expect(waitCycle(jobs, waits)).toBeUndefined();
  });

  it("waits only for jobs of the run: a push run alone starts at once", () => {
    const jobs = jobsOf(FLEET).filter((job) => job.name === "push-offsite" || job.name === "report");
    expect(Object.fromEntries(jobWaits(jobs))).toEqual({});
  });

  it("does not tie datasets of the same name on different machines", () => {
    const jobs = jobsOf(`
jobs:
  pull-a:
    kind: pull
    from: host-a
    datasets: [tank/data]
    dest: backup/a
  pull-from-backup:
    kind: pull
    from: host-b
    datasets: [backup/a]
    dest: backup/b
`);
    expect(Object.fromEntries(jobWaits(jobs))).toEqual({});
  });
});
