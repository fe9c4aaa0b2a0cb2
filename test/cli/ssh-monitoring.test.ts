import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";
import { parsedMetrics } from "./prometheus-text.js";
import { type SshRemote, startSshRemote } from "./ssh-remote.js";

// A host that goes down, as a backup server sees it: the built CLI pulls over a real
// loopback sshd, then the sshd stops. status, check and the metrics must all show it.
describe("a host that is down: zrelay status, check and metrics", { timeout: 120_000 }, () => {
  let remote: SshRemote;
  let box: CliSandbox;
  let config: string;
  let metrics: string;

  beforeAll(async () => {
    remote = await startSshRemote(["tank"]);
    await remote.zfs("create", "-p", "tank/data/home");
    // Taken 60 hours ago: past the 50h critical age once no newer one arrives.
    await remote.zfsAt(Math.floor(Date.now() / 1000) - 60 * 3600, "snapshot", "-r", "tank/data@daily-1");
    box = createCliSandbox();
    await box.zpool("create", "backup");
    Object.assign(box.env, remote.clientEnv);
    config = join(box.root, "zrelay.yaml");
    const [, host, , port, , user, , identity] = remote.connection;
    writeFileSync(
      config,
      `jobs:
  pull-storage:
    kind: pull
    source: { host: ${host}, port: ${port}, user: ${user}, identity: ${identity} }
    datasets: [tank/data]
    dest: backup/hs
`,
    );
    metrics = join(box.root, "zrelay.prom");
  });
  afterAll(async () => {
    await remote?.stop();
    box?.dispose();
  });

  it("keeps every dataset in status, check and the metrics, failed, and check turns critical", async () => {
    const first = await box.zrelay("run", "--config", config, "-q", "--metrics-file", metrics);
    expect(first).toEqual({ code: 0, stdout: [], stderr: [] });
    await remote.sshd.stop();

    const down = await box.zrelay("run", "--config", config, "-q", "--metrics-file", metrics);
    expect(down.code).toBe(1);
    expect(down.stdout).toEqual([]);
    expect(down.stderr[0]).toMatch(new RegExp(`^🚨 job pull-storage \\(${config}\\): `));

    const check = await box.zrelay("check", "--config", config);
    expect(check.code).toBe(2);
    expect(check.stdout[0]).toBe(
      "ZRELAY CRITICAL - 2 of 2 datasets older than 50h: tank/data, tank/data/home | datasets=2 ok=0 warning=0 critical=2 unknown=0",
    );
    expect(check.stdout[1]).toMatch(
      /^CRITICAL: tank\/data \(job pull-storage\): newest snapshot @daily-1 is 60h old \(critical at 50h\); last run just now failed: /,
    );

    const status = await box.zrelay("status", "--config", config);
    expect(status.code).toBe(2);
    expect(status.stdout[1]).toMatch(
      /^pull-storage \(pull (root@)?127\.0\.0\.1 → localhost\): last run just now, failed: could not log in/,
    );
    expect(status.stdout[2]).toMatch(
      /^CRIT {2}tank\/data {2,}backup\/hs\/tank\/data {2,}60h {2,}0s {2}failed just now$/,
    );
    expect(status.stdout.every((line) => line.length <= 100)).toBe(true);

    const series = parsedMetrics(readFileSync(metrics, "utf8"));
    const failed = (series.get("zrelay_dataset_result") ?? []).filter(
      (sample) => sample.labels?.result === "failed" && sample.value === "1",
    );
    expect(failed.map((sample) => sample.labels?.source)).toEqual(["tank/data", "tank/data/home"]);
    expect(series.get("zrelay_run_datasets")?.find((s) => s.labels?.result === "failed")?.value).toBe("2");
    expect(series.get("zrelay_dataset_last_success_timestamp_seconds")).toHaveLength(2);
    expect(series.get("zrelay_job_success")?.[0]?.value).toBe("0");
  });
});
