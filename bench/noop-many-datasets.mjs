// npm run bench:many
//
// A no-op run over many datasets (issue 6): 1,000 datasets × 50 snapshots on a
// "remote" host reached through a real loopback sshd (zfs emulator on its PATH),
// pulled into a local emulator that already has every snapshot, so every
// dataset is up to date. Times planJob + executeRun of the whole tree and
// counts the commands zrelay starts on the remote host (every exec of its SSH
// command runner), cross-checked against the sessions sshd logged. The same
// with 100 and 500 datasets shows the count does not grow with the tree.
// Prints human lines, then one JSON object on the last line.
//
// BENCH_REPEATS (default 3): timed runs per tree size; the median counts.

import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { MissingPiece, runBenchmark } from "./bench-cleanup.mjs";
import { repeats } from "./bench-settings.mjs";
import { mirrorTree, seedTree, treeNames } from "./dataset-tree-seed.mjs";
import { emulatorHost, loadEmulator } from "./emulator-sandbox.mjs";
import { loopbackSshd } from "./loopback-sshd.mjs";
import { median, round } from "./process-usage.mjs";
import { endpointFor, firstFailure, runJob } from "./zrelay-job.mjs";

const SIZES = [1000, 500, 100];
const SNAPSHOTS = 50;
const REPEATS = repeats();
const ROOT = "tank/data";
const DEST_PREFIX = "backup/host";

async function requireZrelay(testkit) {
  const core = await import("@zrelay/core").catch(() => ({}));
  const ssh = await import("@zrelay/zfs-ssh").catch(() => ({}));
  if (typeof core.planJob !== "function" || typeof core.executeRun !== "function") {
    throw new MissingPiece("@zrelay/core has no planJob/executeRun (build it: npm run build)");
  }
  if (typeof ssh.createSshCommandRunner !== "function" || typeof ssh.resolveSshSettings !== "function") {
    throw new MissingPiece("@zrelay/zfs-ssh does not export createSshCommandRunner/resolveSshSettings");
  }
  if (typeof testkit.FakeZfs?.fromJSON !== "function" || typeof testkit.stateToJson !== "function") {
    throw new MissingPiece("@zrelay/testkit does not export FakeZfs.fromJSON/stateToJson/stateFromJson");
  }
}

/** Two emulator hosts holding the same tree (source under tank, copy under backup/host) and an sshd in front of the source. */
async function prepare(testkit, count) {
  const started = performance.now();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const names = treeNames(ROOT, count);
  const source = seedTree(testkit, remote, names, SNAPSHOTS);
  mirrorTree(testkit, source, local, DEST_PREFIX);
  // The emulator itself must agree: every dataset and snapshot is there on both sides.
  const sourceSnapshots = (await remote.zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", ROOT))
    .trim()
    .split("\n").length;
  const targetSnapshots = (
    await local.zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", `${DEST_PREFIX}/${ROOT}`)
  )
    .trim()
    .split("\n").length;
  if (sourceSnapshots !== count * SNAPSHOTS || targetSnapshots !== count * SNAPSHOTS) {
    throw new Error(
      `seeding failed: ${sourceSnapshots} snapshots on the source and ${targetSnapshots} on the target, expected ${count * SNAPSHOTS}`,
    );
  }
  const server = await loopbackSshd(testkit, remote);
  console.log(
    `  ${count} datasets × ${SNAPSHOTS} snapshots seeded on both sides in ${round((performance.now() - started) / 1000, 1)} s`,
  );
  return { remote, local, server };
}

/** The endpoint, with the wall time of each listing call recorded in `calls`. */
function timedListings(endpoint, side, calls) {
  const timed = (method) => async (root) => {
    const started = performance.now();
    try {
      return await endpoint[method](root);
    } finally {
      calls.push({ side, method, root, ms: performance.now() - started });
    }
  };
  return { ...endpoint, listDatasets: timed("listDatasets"), listSnapshots: timed("listSnapshots") };
}

/** One no-op pull over SSH (a fresh connection, as a cron run has), counting the remote commands. */
async function noopRun(context, count) {
  const commands = [];
  const sessionsBefore = context.server.sessionsStarted();
  const source = endpointFor({ kind: "ssh", options: context.server.endpointOptions("openssh") }, (argv) =>
    commands.push(argv.join(" ")),
  );
  const target = endpointFor({ kind: "local", env: context.local.env });
  const calls = [];
  const cpuBefore = process.cpuUsage();
  let run;
  try {
    run = await runJob({
      source: timedListings(source.endpoint, "source", calls),
      target: timedListings(target.endpoint, "target", calls),
      roots: [ROOT],
      destPrefix: DEST_PREFIX,
    });
  } finally {
    await source.close();
  }
  const failure = firstFailure(run.report);
  if (failure !== undefined) throw new Error(`the no-op run failed: ${failure}`);
  const { totals } = run.report;
  if (totals.upToDate !== count || totals.replicated !== 0) {
    throw new Error(
      `expected ${count} datasets up to date, got ${totals.upToDate} up to date and ${totals.replicated} replicated`,
    );
  }
  await context.server.idle();
  const cpu = process.cpuUsage(cpuBefore);
  // This process's CPU (parsing, planning, ssh2) and the slowest listing call of each side.
  const sideSeconds = (side) =>
    Math.max(0, ...calls.filter((call) => call.side === side).map((call) => call.ms)) / 1000;
  return {
    ...run,
    commands,
    sessions: context.server.sessionsStarted() - sessionsBefore,
    zrelayCpuSeconds: (cpu.user + cpu.system) / 1e6,
    sourceListingSeconds: sideSeconds("source"),
    targetListingSeconds: sideSeconds("target"),
  };
}

await runBenchmark("bench:many", async () => {
  const testkit = await loadEmulator();
  await requireZrelay(testkit);
  console.log(
    `zrelay no-op pull over a loopback sshd, ${SNAPSHOTS} snapshots a dataset, ${REPEATS} timed runs each, median counts`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  const results = {};
  for (const count of SIZES) {
    console.log(`${count} datasets:`);
    const context = await prepare(testkit, count);
    const runs = [];
    for (let trial = 1; trial <= REPEATS; trial++) {
      const run = await noopRun(context, count);
      runs.push(run);
      console.log(
        `  run ${trial}/${REPEATS}: ${round(run.seconds, 3)} s (plan ${round(run.planSeconds, 3)} s, execute ${round(run.executeSeconds, 3)} s), ` +
          `listing: source ${round(run.sourceListingSeconds, 3)} s (SSH connect included), target ${round(run.targetListingSeconds, 3)} s; ` +
          `zrelay CPU ${round(run.zrelayCpuSeconds, 3)} s; ` +
          `${run.commands.length} remote commands (sshd logged ${run.sessions} sessions)`,
      );
    }
    console.log(`  remote commands: ${runs[0].commands.join(" | ")}`);
    const counts = new Set(runs.map((run) => run.commands.length));
    if (counts.size !== 1)
      throw new Error(`the remote command count changed between identical runs: ${[...counts].join(", ")}`);
    results[`datasets${count}`] = {
      seconds: round(median(runs.map((run) => run.seconds)), 3),
      remoteCommands: runs[0].commands.length,
      planSeconds: round(median(runs.map((run) => run.planSeconds)), 3),
      executeSeconds: round(median(runs.map((run) => run.executeSeconds)), 3),
      sshdSessions: runs[0].sessions,
      sourceListingSeconds: round(median(runs.map((run) => run.sourceListingSeconds)), 3),
      targetListingSeconds: round(median(runs.map((run) => run.targetListingSeconds)), 3),
      zrelayCpuSeconds: round(median(runs.map((run) => run.zrelayCpuSeconds)), 3),
      snapshots: count * SNAPSHOTS,
    };
    const r = results[`datasets${count}`];
    console.log(`${count} datasets: ${r.seconds} s, ${r.remoteCommands} remote commands`);
    // Stopped now: three trees' state directories and sshds need not wait for the end.
    await context.server.sshd.stop();
    context.remote.dispose();
    context.local.dispose();
  }
  console.log(
    `load average at end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  const verdict = (ok) => (ok ? "met" : "MISSED");
  const all = Object.values(results);
  console.log(`target under 3 s at 1,000 datasets: ${verdict(results.datasets1000.seconds < 3)}`);
  console.log(
    `target remote command count constant: ${verdict(new Set(all.map((r) => r.remoteCommands)).size === 1)}`,
  );
  console.log(
    "(time: planJob + executeRun in this process, SSH connection set-up included; remote commands: every exec of zrelay's SSH runner)",
  );
  console.log(JSON.stringify(results));
});
