// npm run bench:throughput
//
// Local replication throughput (issue 3): one snapshot of 1 GiB and of 8 GiB
// replicated through zrelay's local path (planJob + executeRun, local endpoint
// on the zfs emulator, in a Node process of its own) versus the same bytes
// through `zfs send … | zfs receive …` in bash with the same emulator.
// Prints human lines, then one JSON object on the last line.
//
// BENCH_REPEATS (default 3): runs per variant; the median counts.
// BENCH_SIZES_GIB (default "1,8"): snapshot sizes in GiB.

import { loadavg } from "node:os";
import { MissingPiece, runBenchmark } from "./bench-cleanup.mjs";
import { repeats, snapshotSizes } from "./bench-settings.mjs";
import {
  destroyIfPresent,
  emulatorHost,
  loadEmulator,
  snapshotGuid,
  snapshotOfSize,
  streamBytes,
} from "./emulator-sandbox.mjs";
import { median, megabytesPerSecond, round } from "./process-usage.mjs";
import { runPipeline } from "./shell-pipeline.mjs";
import { runZrelayProcess } from "./zrelay-process.mjs";

// BENCH_SIZES_GIB="0.25,0.5" for a quick try; the report's keys follow the sizes.
const SIZES = snapshotSizes("1,8");
const REPEATS = repeats();
const PIPELINE = 'zfs send -L -e -c "$1" | zfs receive -u -s "$2"';
const DEST_PREFIX = "dst/zrelay";

async function requireZrelay() {
  const core = await import("@zrelay/core").catch(() => ({}));
  const local = await import("@zrelay/zfs-local").catch(() => ({}));
  if (typeof core.planJob !== "function")
    throw new MissingPiece("@zrelay/core has no planJob (build it: npm run build)");
  if (typeof core.executeRun !== "function") throw new MissingPiece("@zrelay/core has no executeRun");
  if (typeof local.createLocalEndpoint !== "function")
    throw new MissingPiece("@zrelay/zfs-local has no createLocalEndpoint");
}

async function measureSize(host, size) {
  const sourceDataset = `src/bench-${size.label.toLowerCase()}`;
  const snapshot = await snapshotOfSize(host, sourceDataset, "s1", size.bytes);
  const target = `${DEST_PREFIX}/${sourceDataset}`;
  await host.zfs("create", "-p", `${DEST_PREFIX}/src`);
  const bytes = await streamBytes(host, snapshot);
  const guid = await snapshotGuid(host, snapshot);
  const endpoint = { kind: "local", env: host.env };
  const arrived = async (what) => {
    const got = await snapshotGuid(host, `${target}@s1`);
    if (got !== guid)
      throw new Error(`${what}: ${target}@s1 has guid ${got ?? "(missing)"}, expected ${guid}`);
    await destroyIfPresent(host, target);
  };

  const zrelay = [];
  const pipeline = [];
  for (let trial = 1; trial <= REPEATS; trial++) {
    const run = await runZrelayProcess({
      source: endpoint,
      target: endpoint,
      roots: [sourceDataset],
      destPrefix: DEST_PREFIX,
    });
    if (run.totals.replicated !== 1)
      throw new Error(`zrelay replicated ${run.totals.replicated} datasets, expected 1`);
    await arrived("zrelay");
    zrelay.push(run);
    const piped = await runPipeline(PIPELINE, [snapshot, target], host.env);
    await arrived("pipeline");
    pipeline.push(piped);
    console.log(
      `  ${size.label} run ${trial}/${REPEATS}: zrelay transfer ${round(megabytesPerSecond(bytes, run.executeSeconds))} MB/s ` +
        `(whole job ${round(megabytesPerSecond(bytes, run.seconds))} MB/s, plan ${round(run.planSeconds, 3)} s, ` +
        `peak RSS ${round(run.peakRssMb, 1)} MB, zrelay counted ${run.totals.bytes} B), ` +
        `pipeline ${round(megabytesPerSecond(bytes, piped.seconds))} MB/s`,
    );
  }
  await host.zfs("destroy", "-r", sourceDataset);

  // The headline compares like with like: executeRun (start receive and send, move the
  // bytes, wait for both) against the pipeline (the same). planJob's listing is reported
  // apart: on the emulator each listing command is a Node process start, which measures
  // the emulator, not zrelay (see the README in this directory).
  const mbps = megabytesPerSecond(bytes, median(zrelay.map((run) => run.executeSeconds)));
  const pipelineMbps = megabytesPerSecond(bytes, median(pipeline.map((run) => run.seconds)));
  const jobMbps = megabytesPerSecond(bytes, median(zrelay.map((run) => run.seconds)));
  return {
    mbps: round(mbps),
    pipelineMbps: round(pipelineMbps),
    ratio: round(mbps / pipelineMbps, 3),
    peakRssMb: round(Math.max(...zrelay.map((run) => run.peakRssMb)), 1),
    // The whole job, planJob's listing included.
    jobMbps: round(jobMbps),
    jobRatio: round(jobMbps / pipelineMbps, 3),
    planSeconds: round(median(zrelay.map((run) => run.planSeconds)), 3),
    streamBytes: bytes,
  };
}

await runBenchmark("bench:throughput", async () => {
  await requireZrelay();
  const testkit = await loadEmulator();
  const host = await emulatorHost(testkit, ["src", "dst"]);
  console.log(`zrelay local throughput: zfs emulator at ${host.root}, ${REPEATS} runs each, median counts`);
  console.log(
    `load average at start: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  const results = {};
  for (const size of SIZES) {
    console.log(`${size.label}:`);
    results[size.label] = await measureSize(host, size);
    const r = results[size.label];
    console.log(
      `${size.label}: zrelay ${r.mbps} MB/s, pipeline ${r.pipelineMbps} MB/s, ratio ${r.ratio}, peak RSS ${r.peakRssMb} MB; ` +
        `whole job with planning ${r.jobMbps} MB/s (ratio ${r.jobRatio}, plan ${r.planSeconds} s)`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  const small = results[SIZES[0].label];
  const large = results[SIZES.at(-1).label];
  const verdict = (ok) => (ok ? "met" : "MISSED");
  console.log(`target ratio >= 0.95: ${verdict(small.ratio >= 0.95 && large.ratio >= 0.95)}`);
  console.log(`target peak RSS < 100 MB: ${verdict(small.peakRssMb < 100 && large.peakRssMb < 100)}`);
  console.log(
    `target peak RSS the same at 1 GiB and 8 GiB (within 5 MB): ${verdict(Math.abs(small.peakRssMb - large.peakRssMb) <= 5)}`,
  );
  console.log(
    "(MB = 10^6 bytes. zrelay: executeRun in its own process, from starting the receive to both exits; " +
      "pipeline: bash start to exit. Whole job adds planJob's listing: 3 rounds of emulator processes.)",
  );
  console.log(JSON.stringify(results));
});
