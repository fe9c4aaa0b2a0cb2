import { describe, expect, it } from "vitest";
import type { DatasetRecord, JobState, SnapshotRecord } from "../state/run-state-format.js";
import { checkReport } from "./check-report.js";
import { assessDataset, type SeverityName } from "./dataset-freshness.js";

const NOW = 2_000_000_000;
const H = 3600;
const THRESHOLDS = { warn: 26 * H, crit: 50 * H, sourceWarn: 26 * H };
const snapshot = (name: string, hoursAgo: number, guid = name): SnapshotRecord => ({
  name,
  guid,
  creation: NOW - hoursAgo * H,
});
const record = (source: string, more: Partial<DatasetRecord>): DatasetRecord => ({
  source,
  target: `backup/${source}`,
  lastAttempt: NOW - H,
  lastSuccess: NOW - H,
  result: "up-to-date",
  error: null,
  targetNewest: snapshot("daily", 2),
  sourceNewest: snapshot("daily", 2),
  bytes: 0,
  durationMs: 0,
  ...more,
});
const job = (datasets: DatasetRecord[]): JobState => ({
  format: "zrelay-run-state",
  version: 1,
  job: "pull-storage",
  kind: "pull",
  config: "/etc/zrelay/zrelay.yaml",
  sourceHost: "host-storage",
  targetHost: "localhost",
  lastRun: { startedAt: NOW - H, finishedAt: NOW - H, error: null },
  datasets: Object.fromEntries(datasets.map((d) => [d.source, d])),
});
const down = { code: "CONNECTION_FAILED", message: "cannot connect to host-storage", hint: null };

// Each row: the dataset's record, the state it is judged to be in, and the line that says why.
const ROWS: readonly [string, Partial<DatasetRecord>, SeverityName, string | undefined][] = [
  ["fresh", {}, "OK", undefined],
  [
    "aged past warn, source moved on",
    { targetNewest: snapshot("d1", 30), sourceNewest: snapshot("d2", 4) },
    "WARNING",
    "newest snapshot @d1 is 30h old (warning at 26h); 26h behind the source",
  ],
  [
    "aged past crit, host down",
    { targetNewest: snapshot("d1", 60), sourceNewest: snapshot("d1", 60), result: "failed", error: down },
    "CRITICAL",
    "newest snapshot @d1 is 60h old (critical at 50h); last run 1h ago failed: cannot connect to host-storage",
  ],
  [
    "source stopped snapshotting",
    { targetNewest: snapshot("d1", 30), sourceNewest: snapshot("d1", 30) },
    "WARNING",
    "newest snapshot @d1 is 30h old (warning at 26h); the source has taken no newer snapshot (is its snapshot tool running?)",
  ],
  [
    "fresh but the last run failed",
    { result: "failed", error: down },
    "WARNING",
    "last run 1h ago failed: cannot connect to host-storage",
  ],
  [
    "never replicated",
    { targetNewest: null, lastSuccess: null, result: "failed", error: down },
    "UNKNOWN",
    "never replicated: no snapshot on the target; last run 1h ago failed: cannot connect to host-storage",
  ],
  [
    "source root missing",
    {
      target: "",
      targetNewest: null,
      sourceNewest: null,
      result: "failed",
      error: { code: "DATASET_NOT_FOUND", message: "no tank/gone on host-storage", hint: null },
    },
    "UNKNOWN",
    "source root tank/x is missing on host-storage",
  ],
];

describe("assessDataset", () => {
  it.each(ROWS)("%s", (_name, more, severity, problem) => {
    const d = record("tank/x", more);
    expect(assessDataset(job([d]), d, THRESHOLDS, NOW)).toMatchObject({ severity, problem });
  });

  it("warns when the source stopped snapshotting before the target's age says so (check-source-warn)", () => {
    const d = record("tank/x", { targetNewest: snapshot("h1", 3), sourceNewest: snapshot("h1", 3) });
    expect(assessDataset(job([d]), d, { ...THRESHOLDS, sourceWarn: 2 * H }, NOW)).toMatchObject({
      severity: "WARNING",
      problem:
        "the source has taken no snapshot for 3h (warning at 2h): newest is @h1; is its snapshot tool running?",
    });
  });
});

describe("checkReport", () => {
  it("exits 0 with the summary and perfdata for a healthy tree", () => {
    const state = job([
      record("tank/a", {}),
      record("tank/b", { targetNewest: snapshot("d", 5), sourceNewest: snapshot("d", 5) }),
    ]);
    const report = checkReport([
      {
        job: state.job,
        state,
        path: "/s",
        problem: undefined,
        datasets: Object.values(state.datasets).map((d) => assessDataset(state, d, THRESHOLDS, NOW)),
        severity: "OK",
      },
    ]);
    expect(report.exitCode).toBe(0);
    expect(report.lines).toEqual([
      "ZRELAY OK - 2 datasets fresh, the oldest newest snapshot is 5h old | datasets=2 ok=2 warning=0 critical=0 unknown=0",
      "| 'pull-storage:tank/a age'=7200s;93600;180000;0 'pull-storage:tank/a lag'=0s;;;0 " +
        "'pull-storage:tank/b age'=18000s;93600;180000;0 'pull-storage:tank/b lag'=0s;;;0",
    ]);
  });

  it("exits 2 naming the critical datasets first, then one line per problem, worst first", () => {
    const state = job([
      record("tank/ok", {}),
      record("tank/warn", { result: "failed", error: down }),
      record("tank/crit", {
        targetNewest: snapshot("d1", 60),
        sourceNewest: snapshot("d1", 60),
        result: "failed",
        error: down,
      }),
    ]);
    const datasets = Object.values(state.datasets).map((d) => assessDataset(state, d, THRESHOLDS, NOW));
    datasets.sort((a, b) => (a.severity === "CRITICAL" ? -1 : b.severity === "CRITICAL" ? 1 : 0));
    const report = checkReport([
      { job: state.job, state, path: "/s", problem: undefined, datasets, severity: "CRITICAL" },
    ]);
    expect(report.exitCode).toBe(2);
    expect(report.lines.slice(0, 3)).toEqual([
      "ZRELAY CRITICAL - 1 of 3 datasets older than 50h: tank/crit | datasets=3 ok=1 warning=1 critical=1 unknown=0",
      "CRITICAL: tank/crit (job pull-storage): newest snapshot @d1 is 60h old (critical at 50h); last run 1h ago failed: cannot connect to host-storage",
      "WARNING: tank/warn (job pull-storage): last run 1h ago failed: cannot connect to host-storage",
    ]);
  });
});
