// `zrelay status` and `zrelay check` over the run state of 1,000 datasets (issue 13:
// "answers in well under 1 s"): 10 jobs of 100 datasets, ages and results mixed so the
// worst-first sort has work. Whole processes, as cron and Nagios start them, against
// `node -e 0`; the median of BENCH_REPEATS (default 7) counts.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ZRELAY = fileURLToPath(new URL("../apps/cli/bin/zrelay.js", import.meta.url));
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const runs = Number(process.env.BENCH_REPEATS ?? 7);
const JOBS = 10;
const PER_JOB = 100;

const stateDir = mkdtempSync(join(tmpdir(), "zrelay-bench-state-"));
mkdirSync(join(stateDir, "jobs"));
const now = Math.floor(Date.now() / 1000);
for (let j = 0; j < JOBS; j++) {
  const datasets = {};
  for (let d = 0; d < PER_JOB; d++) {
    const source = `tank/host-${j}/data-${d}`;
    const ageHours = (j * PER_JOB + d) % 60;
    const snapshot = (name, hours) => ({
      name,
      guid: String(10n ** 18n + BigInt(j * PER_JOB + d)),
      creation: now - hours * 3600,
    });
    datasets[source] = {
      source,
      target: `backup/host-${j}/${source}`,
      lastAttempt: now - 3600,
      lastSuccess: d % 7 === 0 ? null : now - 3600,
      result: d % 13 === 0 ? "failed" : "up-to-date",
      error:
        d % 13 === 0
          ? { code: "CONNECTION_FAILED", message: `cannot connect to host-${j}`, hint: null }
          : null,
      targetNewest: snapshot(`daily-${ageHours}`, ageHours),
      sourceNewest: snapshot(`daily-${ageHours}`, ageHours),
      bytes: 0,
      durationMs: 0,
    };
  }
  const state = {
    format: "zrelay-run-state",
    version: 1,
    job: `pull-host-${j}`,
    kind: "pull",
    config: null,
    sourceHost: `host-${j}`,
    targetHost: "localhost",
    lastRun: { startedAt: now - 3700, finishedAt: now - 3600, error: null },
    datasets,
  };
  writeFileSync(join(stateDir, "jobs", `pull-host-${j}.json`), JSON.stringify(state, null, 2));
}

const env = { ...process.env, ZRELAY_STATE_DIR: stateDir };
const variants = {
  nodeBaseline: [process.execPath, "-e", "0"],
  status: [process.execPath, ZRELAY, "status"],
  statusJson: [process.execPath, ZRELAY, "status", "--json"],
  check: [process.execPath, ZRELAY, "check"],
};

function timeOnce([command, ...args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // status and check exit with the worst state (0–3): any of those is an answer.
  if (result.status === null || result.status > 3) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return { ms, lines: String(result.stdout).split("\n").length - 1, status: result.status };
}

try {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const shape = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, argv] of Object.entries(variants)) {
      const run = timeOnce(argv);
      samples[name].push(run.ms);
      shape[name] = { lines: run.lines, exitCode: run.status };
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]),
  );
  for (const [name, value] of Object.entries(ms)) console.log(`${name}: ${value} ms (median of ${runs})`);
  const verdict = (value) => (value < 1000 ? "met" : "MISSED");
  console.log(`status over ${JOBS * PER_JOB} datasets under 1 s: ${verdict(ms.status)} (${ms.status} ms)`);
  console.log(`check over ${JOBS * PER_JOB} datasets under 1 s: ${verdict(ms.check)} (${ms.check} ms)`);
  console.log(
    JSON.stringify({
      datasets: JOBS * PER_JOB,
      runs,
      medianMs: ms,
      output: shape,
      loadAverage: loadavg()[0],
    }),
  );
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
