// npm run bench:fleet
//
// A backup server for a fleet (issue 15): 20 emulated hosts, each behind a
// loopback sshd of its own (its own emulator state, host key and client key),
// pulled by 20 pull jobs of one config file into this machine's `backup`, then
// a push of all of `backup/fleet` to a 21st host (offsite). Each pull is paced
// by `bwlimit` so its time is set by the link, not by the CPU. The built
// `zrelay run` is timed with `--parallel-jobs 1` (one after the other, as zrelay
// ran jobs before) and `--parallel-jobs 4`; target: at most 0.35× the
// sequential wall time. The push is listed first in the file and must start
// only after every pull ended: checked from the run's JSON events.
// Prints human lines, then one JSON object on the last line.
//
// BENCH_FLEET_HOSTS (default 20), BENCH_FLEET_MIB (stream size per host, default 10: 10 s of link a pull),
// BENCH_FLEET_BWLIMIT (default 1M), BENCH_REPEATS (default 1 here: a run is minutes).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { MissingPiece, onCleanup, runBenchmark } from "./bench-cleanup.mjs";
import {
  destroyIfPresent,
  emulatorHost,
  loadEmulator,
  snapshotGuid,
  snapshotOfSize,
} from "./emulator-sandbox.mjs";
import { median, round } from "./process-usage.mjs";

/** A setting from the environment: a plain script's, never turbo's. */
const setting = (name, fallback) => process.env[name] ?? fallback;
const HOSTS = Number(setting("BENCH_FLEET_HOSTS", 20));
const STREAM_MIB = Number(setting("BENCH_FLEET_MIB", 10));
const BWLIMIT = setting("BENCH_FLEET_BWLIMIT", "1M");
const REPEATS = Number(setting("BENCH_REPEATS", 1));
const PARALLEL = 4;
const TARGET_RATIO = 0.35;
const ZRELAY = fileURLToPath(new URL("../apps/cli/bin/zrelay.js", import.meta.url));

/** A remote host: an emulator state with `tank/data@s1` of STREAM_MIB, behind its own sshd. */
async function startHost(testkit, pools) {
  const host = await emulatorHost(testkit, pools);
  const sshd = await testkit.startTestSshd({
    pathPrefix: [host.binDirectory],
    env: { [testkit.EMULATOR_ROOT_VARIABLE]: host.root },
  });
  onCleanup(`sshd on port ${sshd.port}`, () => sshd.stop());
  return { host, sshd };
}

/** `source:`/`target:` of a job: the host's sshd, its user and key. */
function sideOf(sshd) {
  return `{ host: ${sshd.host}, port: ${sshd.port}, user: ${sshd.user}, identity: ${sshd.clientKey.privateKeyFile} }`;
}

function configText(remotes, offsite) {
  const lines = [
    "# written by bench/fleet.mjs",
    "jobs:",
    // First in the file, yet it must wait: its source holds every pull's target.
    "  push-offsite:",
    "    kind: push",
    `    target: ${sideOf(offsite.sshd)}`,
    "    datasets: [backup/fleet]",
    "    strip-prefix: backup",
    "    target-root: vault/offsite",
    "    allow-unencrypted: true",
    "    jobs: 4",
  ];
  remotes.forEach(({ sshd }, index) => {
    lines.push(
      `  pull-host${String(index + 1).padStart(2, "0")}:`,
      "    kind: pull",
      `    source: ${sideOf(sshd)}`,
      "    datasets: [tank/data]",
      `    dest: backup/fleet/host${String(index + 1).padStart(2, "0")}`,
      `    bwlimit: ${BWLIMIT}`,
    );
  });
  return `${lines.join("\n")}\n`;
}

/** One `zrelay run` over the whole fleet; its wall time and what its JSON events say about order. */
async function runFleet(context, parallelJobs) {
  const { local, offsite, remotes, config, env } = context;
  await local.zfs("create", "-p", "backup/fleet");
  const started = performance.now();
  const result = await execa(
    process.execPath,
    [ZRELAY, "run", "--config", config, "--json", "--parallel-jobs", String(parallelJobs)],
    { env, extendEnv: true, reject: false },
  );
  const seconds = (performance.now() - started) / 1000;
  try {
    if (result.exitCode !== 0) throw new Error(`zrelay exited ${result.exitCode}: ${result.stderr}`);
    const events = result.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
    const at = (event) => Date.parse(event.time);
    const pushStart = events.find((event) => event.job === "push-offsite" && event.event === "start");
    const pullEvents = events.filter((event) => event.job?.startsWith("pull-") === true);
    const lastPullEnd = Math.max(...pullEvents.map(at));
    const pushAfterPulls =
      pushStart !== undefined && events.indexOf(pushStart) > events.indexOf(pullEvents.at(-1));
    // The most pulls running at once, from each job's first and last event.
    const spans = new Map();
    for (const event of pullEvents) {
      const span = spans.get(event.job) ?? { from: at(event), to: at(event) };
      span.to = at(event);
      spans.set(event.job, span);
    }
    const edges = [...spans.values()].flatMap((span) => [
      [span.from, 1],
      [span.to, -1],
    ]);
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let mostAtOnce = 0;
    for (const [, change] of edges) {
      open += change;
      mostAtOnce = Math.max(mostAtOnce, open);
    }
    for (let index = 1; index <= remotes.length; index++) {
      const name = `host${String(index).padStart(2, "0")}`;
      const want = await snapshotGuid(remotes[index - 1].host, "tank/data@s1");
      if ((await snapshotGuid(local, `backup/fleet/${name}/tank/data@s1`)) !== want)
        throw new Error(`${name}'s tank/data@s1 did not arrive with its guid`);
      if ((await snapshotGuid(offsite.host, `vault/offsite/fleet/${name}/tank/data@s1`)) !== want)
        throw new Error(`${name}'s tank/data@s1 was not pushed offsite with its guid`);
    }
    return {
      seconds,
      pullSeconds: (lastPullEnd - (performance.timeOrigin + started)) / 1000,
      pushStartedAfterPulls: pushAfterPulls && at(pushStart) >= lastPullEnd,
      mostPullsAtOnce: mostAtOnce,
    };
  } finally {
    await destroyIfPresent(local, "backup/fleet");
    await destroyIfPresent(offsite.host, "vault/offsite/fleet");
  }
}

async function main() {
  const testkit = await loadEmulator();
  if (typeof testkit.startTestSshd !== "function")
    throw new MissingPiece("@zrelay/testkit has no startTestSshd");
  console.log(
    `bench:fleet: ${HOSTS} hosts × ${STREAM_MIB} MiB at ${BWLIMIT}/s each, then a push offsite; load ${loadavg()[0].toFixed(2)}`,
  );
  const local = await emulatorHost(testkit, ["backup"]);
  const remotes = [];
  for (let index = 0; index < HOSTS; index++) {
    const remote = await startHost(testkit, ["tank"]);
    await snapshotOfSize(remote.host, "tank/data", "s1", STREAM_MIB * 2 ** 20);
    remotes.push(remote);
  }
  const offsite = await startHost(testkit, ["vault"]);
  await offsite.host.zfs("create", "vault/offsite");

  // The cron user's HOME: known_hosts with every host's key, no agent.
  const home = mkdtempSync(join(tmpdir(), "zrelay-fleet-home-"));
  onCleanup(`fleet home ${home}`, () => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, ".ssh"), { mode: 0o700 });
  const knownHosts = [...remotes, offsite]
    .map(({ sshd }) => readFileSync(sshd.knownHostsFile, "utf8"))
    .join("");
  writeFileSync(join(home, ".ssh", "known_hosts"), knownHosts);
  const config = join(home, "zrelay.yaml");
  writeFileSync(config, configText(remotes, offsite));
  const lockDir = join(home, "locks");
  mkdirSync(lockDir);
  const env = {
    ...local.env,
    PATH: `${local.binDirectory}${delimiter}${process.env.PATH ?? ""}`,
    HOME: home,
    SSH_AUTH_SOCK: "",
    ZRELAY_LOCK_DIR: lockDir,
  };
  const context = { local, offsite, remotes, config, env };

  const figures = {};
  for (const [label, parallelJobs] of [
    ["sequential", 1],
    ["parallel", PARALLEL],
  ]) {
    const runs = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const run = await runFleet(context, parallelJobs);
      console.log(
        `${label} (--parallel-jobs ${parallelJobs}): ${run.seconds.toFixed(1)} s, pulls done at ${run.pullSeconds.toFixed(1)} s, ` +
          `at most ${run.mostPullsAtOnce} pulls at once, push started after the pulls: ${run.pushStartedAfterPulls}`,
      );
      runs.push(run);
    }
    figures[label] = {
      parallelJobs,
      seconds: round(median(runs.map((r) => r.seconds)), 2),
      pullSeconds: round(median(runs.map((r) => r.pullSeconds)), 2),
      mostPullsAtOnce: Math.max(...runs.map((r) => r.mostPullsAtOnce)),
      pushStartedAfterPulls: runs.every((r) => r.pushStartedAfterPulls),
    };
  }
  const ratio = figures.parallel.seconds / figures.sequential.seconds;
  const pullRatio = figures.parallel.pullSeconds / figures.sequential.pullSeconds;
  const ordered = figures.sequential.pushStartedAfterPulls && figures.parallel.pushStartedAfterPulls;
  console.log(
    `parallel/sequential: ${ratio.toFixed(2)} of the wall time (pulls alone ${pullRatio.toFixed(2)}) ` +
      `${ratio <= TARGET_RATIO ? "ok" : "MISSED"} (target ≤ ${TARGET_RATIO}); push after its pulls: ${ordered ? "ok" : "MISSED"}`,
  );
  console.log(
    JSON.stringify({
      benchmark: "fleet",
      hosts: HOSTS,
      streamMiB: STREAM_MIB,
      bwlimit: BWLIMIT,
      repeats: REPEATS,
      loadAverage: round(loadavg()[0], 2),
      ...figures,
      ratio: round(ratio, 3),
      pullRatio: round(pullRatio, 3),
      met: ratio <= TARGET_RATIO && ordered,
    }),
  );
}

await runBenchmark("bench:fleet", main);
