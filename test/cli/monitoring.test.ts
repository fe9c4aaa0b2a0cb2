import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";
import { parsedMetrics } from "./prometheus-text.js";

const CONFIG = `jobs:
  mirror-data:
    kind: sync
    from: tank/data
    to: backup/data
`;
const HOUR = 3600;

// The built CLI as cron and a monitoring system run it: `run`, then `status` and `check`
// reading the run state it wrote, against the zfs emulator.
describe("zrelay status and check, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  let config: string;
  /** `zfs snapshot` taken `hoursAgo` hours ago, by the emulator's clock. */
  const snapshotAgo = (name: string, hoursAgo: number) =>
    execa("zfs", ["snapshot", "-r", name], {
      env: { ...box.env, ZRELAY_FAKE_ZFS_NOW: String(Math.floor(Date.now() / 1000) - hoursAgo * HOUR) },
    });

  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-p", "tank/data/mail");
    config = join(box.root, "zrelay.yaml");
    writeFileSync(config, CONFIG);
  });
  afterEach(() => box.dispose());

  it("a healthy tree: check exits 0 with perfdata, status lists both datasets OK, the metrics parse", async () => {
    await snapshotAgo("tank/data@daily-1", 2);
    const metrics = join(box.root, "zrelay.prom");
    expect((await box.zrelay("run", "--config", config, "-q", "--metrics-file", metrics)).code).toBe(0);

    const check = await box.zrelay("check", "--config", config);
    expect(check.code).toBe(0);
    expect(check.stdout[0]).toBe(
      "ZRELAY OK - 2 datasets fresh, the oldest newest snapshot is 2h old | datasets=2 ok=2 warning=0 critical=0 unknown=0",
    );
    expect(check.stdout[1]).toMatch(
      /^\| 'mirror-data:tank\/data age'=72\d\ds;93600;180000;0 'mirror-data:tank\/data lag'=0s;;;0 'mirror-data:tank\/data\/mail age'=72\d\ds;93600;180000;0 /,
    );

    const status = await box.zrelay("status", "--config", config);
    expect(status.code).toBe(0);
    expect(status.stdout).toEqual([
      "      SOURCE          TARGET               AGE     LAG  LAST RUN",
      "mirror-data (sync localhost → localhost): last run just now",
      "ok    tank/data       backup/data           2h      0s  replicated just now",
      "ok    tank/data/mail  backup/data/mail      2h      0s  replicated just now",
    ]);
    expect(status.stdout.every((line) => line.length <= 100)).toBe(true);

    // A snapshot no run fetched yet: the state does not know it, --live lists both sides now.
    await box.zfs("snapshot", "tank/data@daily-2");
    const live = await box.zrelay("status", "--config", config, "--live", "--json");
    const data = JSON.parse(live.stdout.join("\n")).jobs[0].datasets.find(
      (d: { source: string }) => d.source === "tank/data",
    );
    expect([data.sourceNewest.name, data.targetNewest.name, data.lagSeconds > 2 * HOUR - 60]).toEqual([
      "daily-2",
      "daily-1",
      true,
    ]);

    const series = parsedMetrics(readFileSync(metrics, "utf8"));
    const lag = series.get("zrelay_dataset_lag_seconds") ?? [];
    expect(lag.map((sample) => [sample.labels?.source, sample.value])).toEqual([
      ["tank/data", "0"],
      ["tank/data/mail", "0"],
    ]);
    const newest = Number(series.get("zrelay_dataset_target_newest_snapshot_timestamp_seconds")?.[0]?.value);
    expect(Date.now() / 1000 - newest).toBeGreaterThan(2 * HOUR - 60);
  });

  it("a source that stopped snapshotting: check warns and says so, though every run succeeds", async () => {
    await snapshotAgo("tank/data@daily-1", 30);
    expect((await box.zrelay("run", "--config", config, "-q")).code).toBe(0);
    expect((await box.zrelay("run", "--config", config, "-q")).code).toBe(0);

    const check = await box.zrelay("check", "--config", config);
    expect(check.code).toBe(1);
    expect(check.stdout.slice(0, 3)).toEqual([
      "ZRELAY WARNING - 2 of 2 datasets need attention: tank/data, tank/data/mail | datasets=2 ok=0 warning=2 critical=0 unknown=0",
      "WARNING: tank/data (job mirror-data): newest snapshot @daily-1 is 30h old (warning at 26h); the source has taken no newer snapshot (is its snapshot tool running?)",
      "WARNING: tank/data/mail (job mirror-data): newest snapshot @daily-1 is 30h old (warning at 26h); the source has taken no newer snapshot (is its snapshot tool running?)",
    ]);
    // A weekly job's own thresholds make the same age fine.
    writeFileSync(
      config,
      CONFIG.replace("to: backup/data", "to: backup/data\n    check-warn: 8d\n    check-crit: 15d"),
    );
    expect((await box.zrelay("check", "--config", config)).code).toBe(0);
  });

  it("no state, or a corrupt one: check and status exit 3 with one clear line", async () => {
    const missing = await box.zrelay("check", "--config", config);
    expect(missing).toEqual({
      code: 3,
      stdout: [
        `ZRELAY UNKNOWN - 1 job cannot be judged: job mirror-data | datasets=0 ok=0 warning=0 critical=0 unknown=0`,
        `UNKNOWN: job mirror-data has no run state (${box.env.ZRELAY_STATE_DIR}/jobs/mirror-data.json): it has not run yet`,
      ],
      stderr: [],
    });
    const none = await box.zrelay("check");
    expect(none).toEqual({
      code: 3,
      stdout: [
        `ZRELAY UNKNOWN - no run state in ${box.env.ZRELAY_STATE_DIR}: zrelay has recorded no run there yet (set ZRELAY_STATE_DIR or the config's state-dir to where zrelay run writes it)`,
      ],
      stderr: [],
    });

    await box.zfs("snapshot", "-r", "tank/data@daily-1");
    await box.zrelay("run", "--config", config, "-q");
    const path = join(box.env.ZRELAY_STATE_DIR, "jobs", "mirror-data.json");
    writeFileSync(path, readFileSync(path, "utf8").slice(0, 100));
    const corrupt = await box.zrelay("check", "--config", config);
    expect(corrupt.code).toBe(3);
    expect(corrupt.stdout[1]).toMatch(
      new RegExp(`^UNKNOWN: cannot read the run state ${path}: not valid JSON`),
    );
    const status = await box.zrelay("status", "--config", config);
    expect(status.code).toBe(3);
    expect(status.stdout.slice(1)).toEqual([
      `mirror-data: cannot read the run state ${path}: not`,
      "      valid JSON (Unterminated string in JSON at position 100)",
    ]);
    expect(status.stdout.every((line) => line.length <= 100)).toBe(true);

    rmSync(path);
    expect(await box.zrelay("check", "--bogus")).toEqual({
      code: 3,
      stdout: ["ZRELAY UNKNOWN - unknown option '--bogus'"],
      stderr: [],
    });
    const bad = await box.zrelay("check", "--warn", "26");
    expect(bad).toEqual({
      code: 3,
      stdout: [
        "ZRELAY UNKNOWN - --warn '26' is not a duration: write a number with a unit: 26h, 90m, 2d, 1d12h",
      ],
      stderr: [],
    });
  });
});
