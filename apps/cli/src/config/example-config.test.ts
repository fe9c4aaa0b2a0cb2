import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { jobWaits, waitLines } from "../job/job-order.js";
import { parseConfig } from "./config-loader.js";

const EXAMPLE = new URL("../../../../docs/zrelay.example.yaml", import.meta.url);

describe("docs/zrelay.example.yaml", () => {
  it("has pull-mail take its own snapshots, and no other job", async () => {
    const config = parseConfig(await readFile(EXAMPLE, "utf8"), "docs/zrelay.example.yaml");
    expect(config.jobs.map((job) => [job.name, job.snapshot])).toEqual([
      ["pull-storage", undefined],
      ["pull-web", undefined],
      ["pull-mail", { prefix: "zrelay_pull-mail" }],
      ["push-albion", undefined],
    ]);
  });

  it("describes the seed's setup: pulls from each host, then the push offsite", async () => {
    const config = parseConfig(await readFile(EXAMPLE, "utf8"), "docs/zrelay.example.yaml");
    const login = { user: "backup", identity: "/home/backup/.ssh/id_ed25519_zrelay" };
    expect(
      config.jobs.map(({ name, kind, source, target, datasets, mapping }) => ({
        name,
        kind,
        source,
        target,
        datasets,
        mapping,
      })),
    ).toEqual([
      {
        name: "pull-storage",
        kind: "pull",
        source: { host: "host-storage", ...login },
        target: {},
        datasets: ["tank/data", "tank/home"],
        mapping: { kind: "prefix", dest: "backuppool/encryptedbackups/host-storage" },
      },
      {
        name: "pull-web",
        kind: "pull",
        source: { host: "host-web", ...login },
        target: {},
        datasets: ["tank/www", "tank/db"],
        mapping: { kind: "prefix", dest: "backuppool/encryptedbackups/host-web" },
      },
      {
        name: "pull-mail",
        kind: "pull",
        source: { host: "host-mail.example.net", port: 2222, ...login },
        target: {},
        datasets: ["rpool/mail"],
        mapping: { kind: "prefix", dest: "backuppool/encryptedbackups/host-mail" },
      },
      {
        name: "push-albion",
        kind: "push",
        source: {},
        target: { host: "host-albion", ...login },
        datasets: [
          "backuppool/encryptedbackups/host-storage",
          "backuppool/encryptedbackups/host-web",
          "backuppool/encryptedbackups/host-mail",
        ],
        mapping: {
          kind: "strip",
          stripPrefix: "backuppool/encryptedbackups",
          targetRoot: "offsite/host-backups",
        },
      },
    ]);
  });

  it("shares the defaults and keeps each job's own settings", async () => {
    const config = parseConfig(await readFile(EXAMPLE, "utf8"), "docs/zrelay.example.yaml");
    const options = Object.fromEntries(config.jobs.map((job) => [job.name, job.options]));
    expect(options["pull-storage"]).toMatchObject({
      jobs: 2,
      exclude: ["*/tmp", "*/cache"],
      bwlimit: undefined,
    });
    expect(options["pull-web"]?.excludeSnapshots).toEqual(["autosnap_*_hourly"]);
    expect(options["push-albion"]).toMatchObject({ bwlimit: 50 * 1024 * 1024, allowUnencrypted: false });
  });

  it("runs the pulls side by side and the push after them, as docs/config.md says", async () => {
    const config = parseConfig(await readFile(EXAMPLE, "utf8"), "docs/zrelay.example.yaml");
    expect(config.defaults.parallelJobs).toBe(4);
    expect(waitLines(config.jobs, jobWaits(config.jobs))).toEqual([
      "push-albion waits for pull-storage (it receives into localhost:backuppool/encryptedbackups/host-storage/tank/data), " +
        "pull-web (it receives into localhost:backuppool/encryptedbackups/host-web/tank/www), " +
        "pull-mail (it receives into localhost:backuppool/encryptedbackups/host-mail/rpool/mail)",
    ]);
  });

  it("prunes sanoid's snapshots of pull-web on the backup server, and only those", async () => {
    const config = parseConfig(await readFile(EXAMPLE, "utf8"), "docs/zrelay.example.yaml");
    const byName = new Map(config.jobs.map((job) => [job.name, job.options]));
    expect(byName.get("pull-web")?.pruneTarget).toEqual({
      keep: { daily: 30, monthly: 12 },
      match: ["autosnap_*_daily", "autosnap_*_monthly"],
    });
    expect(config.jobs.filter((job) => job.options.pruneSource !== undefined)).toEqual([]);
  });
});
