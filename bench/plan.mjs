// npm run bench:plan
//
// Planning at scale (issue 15): zrelay's own listing parsers (@zrelay/zfs-command)
// and planner (@zrelay/core planJob) over 10,000 datasets × 100 snapshots on each
// side (1,000,000 snapshots per side), read from text generated exactly as
// `zfs get -H -p -o name,property,value -r -t filesystem,volume …` and
// `zfs list -H -p -o name,guid,createtxg,creation -t snapshot,bookmark -r ROOT`
// print it (the argv is taken from the endpoint's own calls, and checked).
// Two scenarios, each in a fresh Node process so its peak RSS is its own:
//   noop  the target has every snapshot: every dataset up to date
//   new   every source dataset has one snapshot more: 10,000 incrementals
// The text is generated before the clock starts (zfs would have printed it);
// timed is listing-parse + plan: planJob from its first call to its plan.
// Targets: under 5 s and under 500 MB peak RSS.
// Prints human lines, then one JSON object on the last line.
//
// BENCH_PLAN_DATASETS (default 10000), BENCH_PLAN_SNAPSHOTS (default 100): the tree.
// BENCH_REPEATS (default 3): runs per scenario; the median counts.
// BENCH_PLAN_PROFILE=DIR: each scenario process writes a `--cpu-prof` profile there.

import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { MissingPiece, onCleanup, runBenchmark } from "./bench-cleanup.mjs";
import { repeats } from "./bench-settings.mjs";
import { median, peakRssMb, round } from "./process-usage.mjs";

const TARGET_SECONDS = 5;
const TARGET_MB = 500;
const SOURCE_ROOT = "tank/data";
const DEST_PREFIX = "backup/host-storage";
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const DATASETS = Number(process.env.BENCH_PLAN_DATASETS ?? 10_000);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const SNAPSHOTS = Number(process.env.BENCH_PLAN_SNAPSHOTS ?? 100);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const PROFILE_DIR = process.env.BENCH_PLAN_PROFILE;

/** The dataset names under SOURCE_ROOT: the root, groups of 100 children, their children. */
function datasetNames(count) {
  const names = [SOURCE_ROOT];
  for (let group = 0; names.length < count; group++) {
    const parent = `${SOURCE_ROOT}/host${String(group).padStart(3, "0")}`;
    names.push(parent);
    for (let child = 0; child < 99 && names.length < count; child++)
      names.push(`${parent}/vol${String(child).padStart(2, "0")}`);
  }
  return names;
}

/** A deterministic 64-bit guid (splitmix64 of `seed`), as zfs prints it: decimal. */
function guidOf(seed) {
  let z = (BigInt(seed) + 0x9e3779b97f4a7c15n) & 0xffff_ffff_ffff_ffffn;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffff_ffff_ffff_ffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffff_ffff_ffff_ffffn;
  return (z ^ (z >> 31n)).toString();
}

/**
 * Writes what each side's two listing commands print into `dir` (`<side>.get`,
 * `<side>.list`). Snapshots are named as sanoid names them, an hour apart,
 * createtxg rising across the pool as zfs assigns it; `zfs list -r` prints each
 * dataset's snapshots together, oldest first. Written a dataset at a time, so
 * the generator never holds a whole listing.
 */
function writeSide(dir, side, names, prefix, snapshotsPerDataset) {
  const get = openSync(join(dir, `${side}.get`), "w");
  const list = openSync(join(dir, `${side}.list`), "w");
  const start = Date.UTC(2026, 0, 1) / 1000;
  const target = prefix !== "";
  names.forEach((name, index) => {
    const dataset = target ? `${prefix}/${name}` : name;
    const properties = [
      ["type", "filesystem"],
      ["guid", guidOf(target ? 2_000_000_000 + index : 1_000_000_000 + index)],
      ["encryption", "off"],
      ["encryptionroot", "-"],
      ["keystatus", "-"],
      ["canmount", target ? "off" : "on"],
      ["receive_resume_token", "-"],
      ["written", String(target ? 0 : 4096 * (index % 17))],
    ];
    writeSync(get, properties.map(([property, value]) => `${dataset}\t${property}\t${value}\n`).join(""));
    let lines = "";
    for (let s = 0; s < snapshotsPerDataset; s++) {
      const creation = start + s * 3600;
      const stamp = new Date(creation * 1000).toISOString().slice(0, 19).replace("T", "_");
      const createtxg = 1000 + s * names.length + index;
      lines += `${dataset}@autosnap_${stamp}_hourly\t${guidOf(index * 1000 + s)}\t${createtxg}\t${creation}\n`;
    }
    writeSync(list, lines);
  });
  closeSync(get);
  closeSync(list);
}

/** The four listings of a scenario, in a directory removed at the end. */
function writeScenario(dir, scenario) {
  const names = datasetNames(DATASETS);
  writeSide(dir, "source", names, "", SNAPSHOTS + (scenario === "new" ? 1 : 0));
  writeSide(dir, "target", names, DEST_PREFIX, SNAPSHOTS);
}

/** The CommandRunner of one side: answers the two listing argvs zrelay builds, refuses anything else. */
function listingRunner(host, root, files, argvSeen, reading) {
  const reply = (file) => {
    const started = performance.now();
    const stdout = readFileSync(file, "latin1");
    reading.seconds += (performance.now() - started) / 1000;
    return { exitCode: 0, signal: null, stdout, stderr: "" };
  };
  return {
    host,
    user: undefined,
    async run(argv) {
      argvSeen.push(argv);
      const last = argv.at(-1);
      // Read when the command runs, as its stdout would arrive: held only while zrelay reads it.
      if (argv[1] === "get" && last === root) return reply(`${files}.get`);
      if (argv[1] === "list" && argv.includes("snapshot,bookmark") && last === root)
        return reply(`${files}.list`);
      throw new Error(`bench:plan: unexpected command ${argv.join(" ")}`);
    },
    startWithOutput() {
      throw new Error("bench:plan only lists");
    },
    startWithInput() {
      throw new Error("bench:plan only lists");
    },
  };
}

/** Child: one scenario whose listings are in `dir`, one run; prints one JSON line. */
async function runScenario(scenario, dir) {
  const core = await import("@zrelay/core");
  const command = await import("@zrelay/zfs-command");
  if (typeof core.planJob !== "function" || typeof command.createZfsCommandEndpoint !== "function")
    throw new MissingPiece(
      "@zrelay/core planJob or @zrelay/zfs-command createZfsCommandEndpoint (npm run build)",
    );
  const names = datasetNames(DATASETS);
  const textMb =
    ["source.get", "source.list", "target.get", "target.list"]
      .map((file) => statSync(join(dir, file)).size)
      .reduce((a, b) => a + b, 0) / 1e6;
  const argvSeen = [];
  // Reading the files stands for the commands' stdout arriving: timed apart, not zrelay's work.
  const reading = { seconds: 0 };
  const source = command.createZfsCommandEndpoint(
    listingRunner("host-storage", SOURCE_ROOT, join(dir, "source"), argvSeen, reading),
  );
  const targetRoot = `${DEST_PREFIX}/${SOURCE_ROOT}`;
  const target = command.createZfsCommandEndpoint(
    listingRunner("localhost", targetRoot, join(dir, "target"), argvSeen, reading),
  );
  global.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const plan = await core.planJob({
    source,
    target,
    roots: [SOURCE_ROOT],
    mapTarget: (name) => core.mapWithPrefix(name, DEST_PREFIX),
    policy: core.defaultPolicy,
  });
  const seconds = (performance.now() - started) / 1000 - reading.seconds;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  global.gc?.();
  const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  const outcomes = {};
  for (const dataset of plan.datasets) outcomes[dataset.outcome] = (outcomes[dataset.outcome] ?? 0) + 1;
  const expected = scenario === "new" ? "replicate" : "up-to-date";
  const correct =
    plan.datasets.length === names.length &&
    outcomes[expected] === names.length &&
    plan.missingRoots.length === 0 &&
    (scenario !== "new" ||
      plan.datasets.every((d) => d.steps.length === 1 && d.steps[0].kind === "incremental"));
  console.log(
    JSON.stringify({
      scenario,
      seconds,
      readSeconds: reading.seconds,
      cpuSeconds,
      heapAfterMb,
      peakRssMb: peakRssMb(),
      rssBeforeMb,
      textMb,
      correct,
      outcomes,
      argv: argvSeen.map((argv) => argv.join(" ")),
    }),
  );
}

async function main() {
  const script = fileURLToPath(import.meta.url);
  const snapshotsTotal = DATASETS * SNAPSHOTS;
  console.log(
    `bench:plan: ${DATASETS} datasets × ${SNAPSHOTS} snapshots (${snapshotsTotal.toLocaleString("en")} a side); load ${loadavg()[0].toFixed(2)}`,
  );
  const figures = {};
  const dir = mkdtempSync(join(tmpdir(), "zrelay-bench-plan-"));
  onCleanup("bench:plan listings", () => rmSync(dir, { recursive: true, force: true }));
  for (const scenario of ["noop", "new"]) {
    writeScenario(dir, scenario);
    const runs = [];
    for (let repeat = 0; repeat < repeats(); repeat++) {
      const profile = PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`];
      const out = execFileSync(
        process.execPath,
        [...profile, "--expose-gc", script, "--scenario", scenario, dir],
        {
          encoding: "utf8",
          maxBuffer: 2 ** 26,
        },
      );
      const run = JSON.parse(out.trim().split("\n").at(-1));
      if (!run.correct) throw new Error(`bench:plan ${scenario}: wrong plan ${JSON.stringify(run.outcomes)}`);
      runs.push(run);
    }
    const seconds = median(runs.map((r) => r.seconds));
    const peak = median(runs.map((r) => r.peakRssMb));
    const cpuSeconds = median(runs.map((r) => r.cpuSeconds));
    const ok = seconds < TARGET_SECONDS && peak < TARGET_MB;
    console.log(
      `${scenario}: parse + plan ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (+ ${runs[0].readSeconds.toFixed(2)} s reading the output files), peak RSS ${peak.toFixed(0)} MiB ` +
        `(${runs[0].textMb.toFixed(0)} MB of zfs output, RSS ${runs[0].rssBeforeMb.toFixed(0)} MiB before planning) ` +
        `${ok ? "ok" : "MISSED"} (target < ${TARGET_SECONDS} s, < ${TARGET_MB} MB)`,
    );
    figures[scenario] = {
      seconds: round(seconds, 3),
      readSeconds: round(median(runs.map((r) => r.readSeconds)), 3),
      // On a loaded machine wall time counts the waits for a core; CPU time does not.
      cpuSeconds: round(cpuSeconds, 3),
      peakRssMb: round(peak, 1),
      rssBeforePlanMb: round(runs[0].rssBeforeMb, 1),
      zfsOutputMb: round(runs[0].textMb, 1),
      outcomes: runs[0].outcomes,
      commands: runs[0].argv,
      met: ok,
    };
  }
  const commands = figures.noop.commands;
  for (const line of commands) console.log(`  command: ${line}`);
  console.log(
    JSON.stringify({
      benchmark: "plan",
      datasets: DATASETS,
      snapshotsPerDataset: SNAPSHOTS,
      snapshotsPerSide: snapshotsTotal,
      repeats: repeats(),
      loadAverage: round(loadavg()[0], 2),
      commands,
      noop: { ...figures.noop, commands: undefined },
      new: { ...figures.new, commands: undefined },
    }),
  );
}

const scenarioIndex = process.argv.indexOf("--scenario");
const writeIndex = process.argv.indexOf("--write");
// `--write DIR noop|new`: only write a scenario's listings (to profile a parser on its own).
if (writeIndex !== -1) writeScenario(process.argv[writeIndex + 1], process.argv[writeIndex + 2]);
else if (scenarioIndex !== -1)
  await runScenario(process.argv[scenarioIndex + 1], process.argv[scenarioIndex + 2]);
else await runBenchmark("bench:plan", main);
