import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, withoutSizes } from "./cli-sandbox.js";

// Two mirrors into `backup`, a pull from a host that is down (nothing listens on
// 127.0.0.1:1), and `offsite`, which sends all of `backup` on: it waits for the
// three jobs that receive into it, though the file lists it first.
const CONFIG = `jobs:
  offsite:
    kind: sync
    from: backup
    to: offsite/backup
  mirror-a:
    kind: sync
    from: tank/a
    to: backup/a
  pull-down:
    kind: pull
    source: { host: 127.0.0.1, port: 1 }
    datasets: [tank/data]
    dest: backup/down
  mirror-b:
    kind: sync
    from: tank/b
    to: backup/b
`;

const DOWN = [
  "🚨 pull-down: could not connect to 127.0.0.1:1: connection refused (is sshd running and listening on that port?)",
  "    Check that 127.0.0.1 is up and sshd listens on port 1 (try `ssh -p 1 root@127.0.0.1 true`), then run zrelay again.",
];

interface JsonEvent {
  readonly event: string;
  readonly job?: string;
}

describe("zrelay run with jobs in parallel, through the zfs emulator", { timeout: 120_000 }, () => {
  let box: CliSandbox;
  let config: string;
  beforeEach(async () => {
    box = createCliSandbox();
    for (const pool of ["tank", "backup", "offsite"]) await box.zpool("create", pool);
    for (const dataset of ["tank/a", "tank/b"]) {
      await box.zfs("create", dataset);
      await box.zfs("snapshot", `${dataset}@daily-1`);
    }
    config = join(box.root, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => box.dispose());

  it("shows in the plan which job waits for which", async () => {
    const result = await box.zrelay("plan", "--config", config);
    expect(result.stdout[0]).toBe(
      "* offsite waits for mirror-a (it receives into localhost:backup/a), " +
        "pull-down (it receives into localhost:backup/down/tank/data), mirror-b (it receives into localhost:backup/b)",
    );
    // A plan goes job after job, feeders first, untagged.
    expect(result.stdout.slice(1, 4)).toEqual([
      "* mirror-a: 1 dataset",
      "* tank/a → backup/a:",
      "*   full send of @daily-1",
    ]);
    // Untagged, a whole-job failure names its job and config file instead.
    expect(result.stderr).toEqual(
      DOWN.map((line) => line.replace("🚨 pull-down: ", `🚨 job pull-down (${config}): `)),
    );
  });

  it("fails only the job of the host that is down; the others finish, and the dependent sends what arrived", async () => {
    const result = await box.zrelay("run", "--config", config);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      ...DOWN,
      "🚨 offsite: warning: pull-down failed; offsite, which waits for it, sends what did arrive (the rest on the next run)",
    ]);
    const lines = withoutSizes(result.stdout);
    // The mirrors run at once, so their lines may come in either order; each names its job.
    expect(lines.slice(0, 4).sort()).toEqual([
      "* mirror-a: 1 dataset",
      "* mirror-a: tank/a: 1 snapshot, <n> KiB in <t>",
      "* mirror-b: 1 dataset",
      "* mirror-b: tank/b: 1 snapshot, <n> KiB in <t>",
    ]);
    expect(lines.slice(4)).toEqual([
      "* offsite: 3 datasets",
      "* offsite: backup: skipped (no snapshots on source)",
      "* offsite: backup/a: 1 snapshot, <n> KiB in <t>",
      "* offsite: backup/b: 1 snapshot, <n> KiB in <t>",
      "* 5 datasets: 4 replicated, 0 up to date, 1 skipped, 0 failed; 1 job could not run; <n> KiB in <t>",
    ]);
    expect(await box.snapshots("offsite")).toEqual(["offsite/backup/a@daily-1", "offsite/backup/b@daily-1"]);
  });

  it("prints nothing with -q when every job succeeds", async () => {
    writeFileSync(config, CONFIG.replace(/ {2}pull-down:\n(.*\n){4}/, ""));
    expect(await box.zrelay("run", "--config", config, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(await box.snapshots("offsite")).toEqual(["offsite/backup/a@daily-1", "offsite/backup/b@daily-1"]);
  });

  it("puts the job on every event of a job in JSON, and starts the dependent only after its feeders ended", async () => {
    const result = await box.zrelay("run", "--config", config, "--json");
    expect(result.code).toBe(1);
    const events = result.stdout.map((line) => JSON.parse(line) as JsonEvent);
    expect(events.at(-1)?.event).toBe("summary");
    expect(events.at(-1)?.job).toBeUndefined();
    const jobScoped = events.slice(0, -1);
    expect(jobScoped.every((event) => event.job !== undefined)).toBe(true);
    const firstOffsite = jobScoped.findIndex((event) => event.job === "offsite");
    const lastFeeder = jobScoped.findLastIndex((event) => event.job !== "offsite");
    expect(firstOffsite).toBeGreaterThan(lastFeeder);
    expect(jobScoped.filter((event) => event.event === "error").map((event) => event.job)).toEqual([
      "pull-down",
    ]);
    expect(jobScoped.filter((event) => event.event === "warning").map((event) => event.job)).toEqual([
      "offsite",
    ]);
  });

  it("runs one job at a time with --parallel-jobs 1, feeders still first, lines without job names", async () => {
    const result = await box.zrelay("run", "--config", config, "--parallel-jobs", "1");
    expect(withoutSizes(result.stdout).slice(0, 4)).toEqual([
      "* mirror-a: 1 dataset",
      "* tank/a: 1 snapshot, <n> KiB in <t>",
      "* mirror-b: 1 dataset",
      "* tank/b: 1 snapshot, <n> KiB in <t>",
    ]);
    expect(result.stderr.at(-1)).toBe(
      "🚨 warning: pull-down failed; offsite, which waits for it, sends what did arrive (the rest on the next run)",
    );
  });

  it("refuses jobs that wait for each other in a circle, naming them, and runs nothing", async () => {
    writeFileSync(config, `${CONFIG}    after: [offsite]\n`);
    const result = await box.zrelay("run", "--config", config);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toBe(
      `🚨 ${config}:2:3: jobs.offsite: jobs offsite → mirror-b → offsite wait for each other in a circle, so none of them could start: ` +
        "offsite waits for mirror-b (it sends from localhost:backup/b that mirror-b receives into); " +
        "mirror-b waits for offsite (its after: says so). Drop an after: entry, or give one of them datasets the other does not write",
    );
    expect(await box.snapshots("backup")).toEqual([]);
  });
});
