// npm run bench:ssh
//
// SSH throughput (issue 4): pull and push of a 1 GiB and a 4 GiB snapshot over a
// real loopback sshd (zfs emulator on the remote PATH; "remote" and "local" are
// this machine with separate emulator state directories), through zrelay on
// each data path ("openssh", "ssh2"), against the OpenSSH client in a shell
// pipeline with the same cipher, key and known_hosts:
//   pull: ssh HOST zfs send … | zfs receive …
//   push: zfs send … | ssh HOST zfs receive …
// Plus `parallel4`: four 1 GiB datasets pulled at once (executeRun concurrency 4).
// zrelay runs in a Node process of its own: its peak RSS and CPU are its alone.
// Prints human lines, then one JSON object (the 4 GiB figures) on the last line.
//
// BENCH_REPEATS (default 3): runs per variant; the median counts.
// BENCH_SIZES_GIB (default "1,4"): snapshot sizes; the JSON reports the last.

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
import { loopbackSshd } from "./loopback-sshd.mjs";
import { measureParallel } from "./parallel-pull.mjs";
import { GiB, median, megabytesPerSecond, round } from "./process-usage.mjs";
import { runPipeline } from "./shell-pipeline.mjs";
import { direction, withServerCpu } from "./ssh-directions.mjs";
import { runZrelayProcess } from "./zrelay-process.mjs";

const REPEATS = repeats();
const SIZES = snapshotSizes("1,4");
const DATA_PATHS = ["openssh", "ssh2"];

async function requireZrelay() {
  const core = await import("@zrelay/core").catch(() => ({}));
  const ssh = await import("@zrelay/zfs-ssh").catch(() => ({}));
  if (typeof core.planJob !== "function" || typeof core.executeRun !== "function") {
    throw new MissingPiece("@zrelay/core has no planJob/executeRun (build it: npm run build)");
  }
  if (typeof ssh.createSshEndpoint !== "function")
    throw new MissingPiece("@zrelay/zfs-ssh has no createSshEndpoint");
  if (typeof ssh.ssh2NativeCryptoAvailable === "function" && !ssh.ssh2NativeCryptoAvailable()) {
    console.log(
      "warning: ssh2's native crypto add-on is not built: the ssh2 data path runs on pure JavaScript crypto",
    );
  }
}

async function measure(context, way, size) {
  const { server } = context;
  const sourceDataset = `${way.sourcePool}/${way.name}-${size.label.toLowerCase()}`;
  const snapshot = await snapshotOfSize(way.sourceHost, sourceDataset, "s1", size.bytes);
  const target = `${way.destPrefix}/${sourceDataset}`;
  await way.targetHost.zfs("create", "-p", `${way.destPrefix}/${way.sourcePool}`);
  const bytes = await streamBytes(way.sourceHost, snapshot);
  const guid = await snapshotGuid(way.sourceHost, snapshot);
  const arrived = async (what) => {
    const got = await snapshotGuid(way.targetHost, `${target}@s1`);
    if (got !== guid)
      throw new Error(`${what}: ${target}@s1 has guid ${got ?? "(missing)"}, expected ${guid}`);
    await destroyIfPresent(way.targetHost, target);
  };

  const runs = { pipeline: [], openssh: [], ssh2: [] };
  const failures = { openssh: [], ssh2: [] };
  for (let trial = 1; trial <= REPEATS; trial++) {
    const [script, args] = way.pipeline(snapshot, target);
    const piped = await withServerCpu(server, () => runPipeline(script, args, context.local.env));
    await arrived("pipeline");
    runs.pipeline.push(piped);
    const line = [
      `  ${way.name} ${size.label} run ${trial}/${REPEATS}: pipeline ${round(megabytesPerSecond(bytes, piped.seconds))} MB/s`,
    ];
    for (const dataPath of DATA_PATHS) {
      const job = {
        ...way.endpoints(dataPath),
        roots: [sourceDataset],
        destPrefix: way.destPrefix,
        serverPid: server.listenerPid,
      };
      // A failed run is counted and reported, then tried once more: its figures never count.
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          const run = await runZrelayProcess(job);
          if (run.totals.replicated !== 1)
            throw new Error(`${run.totals.replicated} datasets replicated, expected 1`);
          await arrived(`zrelay ${dataPath}`);
          runs[dataPath].push(run);
          line.push(
            `${dataPath} ${round(megabytesPerSecond(bytes, run.executeSeconds))} MB/s ` +
              `(RSS ${round(run.peakRssMb, 1)} MB, zrelay CPU ${round(run.cpuSeconds, 2)} s)`,
          );
          break;
        } catch (error) {
          failures[dataPath].push(
            `${way.name} ${size.label} over ${dataPath}, run ${trial}: ${error.message}`,
          );
          console.log(`  FAILED ${failures[dataPath].at(-1)}`);
          await destroyIfPresent(way.targetHost, target);
          if (attempt === 2) line.push(`${dataPath} FAILED twice`);
        }
      }
    }
    console.log(line.join(", "));
  }
  await way.sourceHost.zfs("destroy", "-r", sourceDataset);

  const gib = bytes / GiB;
  const pipelineSeconds = median(runs.pipeline.map((run) => run.seconds));
  const pipelineMbps = megabytesPerSecond(bytes, pipelineSeconds);
  const figures = {};
  for (const dataPath of DATA_PATHS) {
    const mine = runs[dataPath];
    if (mine.length === 0) {
      figures[dataPath] = {
        error: failures[dataPath][0],
        failedRuns: failures[dataPath].length,
        pipelineMbps: round(pipelineMbps),
      };
      continue;
    }
    const mbps = megabytesPerSecond(bytes, median(mine.map((run) => run.executeSeconds)));
    figures[dataPath] = {
      mbps: round(mbps),
      pipelineMbps: round(pipelineMbps),
      ratio: round(mbps / pipelineMbps, 3),
      peakRssMb: round(Math.max(...mine.map((run) => run.peakRssMb)), 1),
      // zrelay's own process (Node): ssh2 crypto lands here; the OpenSSH data path's does not.
      cpuSecondsPerGiB: round(median(mine.map((run) => run.cpuSeconds)) / gib, 3),
      // Client side as a whole: zrelay plus what it started (OpenSSH clients, the local zfs).
      clientCpuSecondsPerGiB: round(
        median(mine.map((run) => run.cpuSeconds + run.childrenCpuSeconds)) / gib,
        3,
      ),
      // The same processes for the shell pipeline: bash, ssh, the local zfs.
      pipelineClientCpuSecondsPerGiB: piped(runs.pipeline, (run) => run.cpuSeconds / gib),
      serverCpuSecondsPerGiB: round(median(mine.map((run) => run.serverCpuSeconds)) / gib, 3),
      pipelineServerCpuSecondsPerGiB: piped(runs.pipeline, (run) => run.serverCpuSeconds / gib),
      jobMbps: round(megabytesPerSecond(bytes, median(mine.map((run) => run.seconds)))),
      planSeconds: round(median(mine.map((run) => run.planSeconds)), 3),
      ...(failures[dataPath].length === 0
        ? {}
        : { failedRuns: failures[dataPath].length, firstFailure: failures[dataPath][0] }),
    };
  }
  return figures;
}

function piped(runs, value) {
  return runs.every((run) => run.cpuSeconds !== undefined) ? round(median(runs.map(value)), 3) : undefined;
}

await runBenchmark("bench:ssh", async () => {
  await requireZrelay();
  const testkit = await loadEmulator();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const server = await loopbackSshd(testkit, remote);
  const context = { remote, local, server };
  console.log(
    `zrelay SSH throughput: sshd on 127.0.0.1:${server.sshd.port}, remote emulator ${remote.root}, local ${local.root}`,
  );
  console.log(
    `${REPEATS} runs each, median counts; load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const bySize = {};
  for (const size of SIZES) {
    bySize[size.label] = {};
    for (const name of ["pull", "push"]) {
      console.log(`${name} ${size.label}:`);
      bySize[size.label][name] = await measure(context, direction(name, context), size);
    }
  }
  const largest = SIZES.at(-1).label;
  const smallest = SIZES[0].label;
  const results = {};
  const errors = [];
  for (const dataPath of DATA_PATHS) {
    results[dataPath] = {};
    for (const name of ["pull", "push"]) {
      const figures = bySize[largest][name][dataPath];
      const small = bySize[smallest][name][dataPath];
      if (figures.error !== undefined || small.error !== undefined) {
        const error = figures.error ?? small.error;
        errors.push(error);
        results[dataPath][name] = { error, pipelineMbps: figures.pipelineMbps };
        console.log(`${dataPath} ${name}: FAILED: ${error}`);
        continue;
      }
      const failedRuns = (figures.failedRuns ?? 0) + (small.failedRuns ?? 0);
      results[dataPath][name] = { ...figures, [`peakRssMb${smallest}`]: small.peakRssMb };
      if (failedRuns > 0) {
        const first = figures.firstFailure ?? small.firstFailure;
        errors.push(first);
        results[dataPath][name] = { ...results[dataPath][name], failedRuns, firstFailure: first };
        console.log(
          `${dataPath} ${name}: ${failedRuns} run(s) FAILED (retried; figures from the runs that passed): ${first}`,
        );
      }
      console.log(
        `${dataPath} ${name} ${largest}: ${figures.mbps} MB/s vs pipeline ${figures.pipelineMbps} MB/s, ratio ${figures.ratio}, ` +
          `peak RSS ${figures.peakRssMb} MB (${smallest}: ${small.peakRssMb} MB), ` +
          `CPU s/GiB: zrelay ${figures.cpuSecondsPerGiB}, client side ${figures.clientCpuSecondsPerGiB} ` +
          `(pipeline ${figures.pipelineClientCpuSecondsPerGiB}), server ${figures.serverCpuSecondsPerGiB} (pipeline ${figures.pipelineServerCpuSecondsPerGiB})`,
      );
    }
  }
  console.log("parallel4 (4 × 1 GiB pulled at once):");
  results.parallel4 = await measureParallel(context, "openssh", REPEATS);
  results.parallel4Ssh2 = await measureParallel(context, "ssh2", REPEATS);
  for (const entry of [results.parallel4, results.parallel4Ssh2]) {
    if (entry.firstFailure !== undefined) {
      errors.push(entry.firstFailure);
      console.log(
        `parallel4 ${entry.dataPath}: ${entry.failedRuns} run(s) FAILED (retried): ${entry.firstFailure}`,
      );
    }
    if (entry.error !== undefined) {
      errors.push(entry.error);
      console.log(`parallel4 ${entry.dataPath}: FAILED: ${entry.error}`);
      continue;
    }
    console.log(
      `parallel4 ${entry.dataPath}: ${entry.mbps} MB/s aggregate, ${entry.coresUsed} cores used ` +
        `(zrelay's process ${entry.zrelayProcessCores}), peak RSS ${entry.peakRssMb} MB`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const verdict = (ok) => (ok ? "met" : "MISSED");
  const fast = results.openssh;
  console.log(
    `target default path (openssh) ratio >= 0.95 both ways: ${verdict(fast.pull.ratio >= 0.95 && fast.push.ratio >= 0.95)}`,
  );
  const measured = DATA_PATHS.flatMap((p) => ["pull", "push"].map((d) => results[p][d])).filter(
    (entry) => entry.error === undefined,
  );
  const opensshMeasured = ["pull", "push"]
    .map((d) => results.openssh[d])
    .filter((entry) => entry.error === undefined);
  const flat = (entries) =>
    entries.every((entry) => Math.abs(entry.peakRssMb - entry[`peakRssMb${smallest}`]) <= 5);
  const under = (entries) =>
    entries.every((entry) => Math.max(entry.peakRssMb, entry[`peakRssMb${smallest}`]) < 100);
  console.log(
    `target default path RSS < 100 MB: ${verdict(under(opensshMeasured))}; flat (${smallest} vs ${largest} within 5 MB): ${verdict(flat(opensshMeasured))}`,
  );
  console.log(`(every data path: RSS < 100 MB ${verdict(under(measured))}, flat ${verdict(flat(measured))})`);
  console.log(
    `target 4 parallel streams use more than one core: ${verdict(results.parallel4.coresUsed > 1)}`,
  );
  console.log(
    "(MB = 10^6 bytes. zrelay MB/s and CPU: executeRun in its own process; pipeline: bash start to exit. " +
      "CPU per GiB: zrelay = its Node process; client = it plus its children (ssh, local zfs); server = sshd sessions and the remote zfs.)",
  );
  if (errors.length > 0) console.log(`${errors.length} measurement(s) FAILED; see above`);
  console.log(JSON.stringify(results));
  return errors.length > 0 ? 1 : 0;
});
