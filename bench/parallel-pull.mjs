import { destroyIfPresent, snapshotGuid, snapshotOfSize, streamBytes } from "./emulator-sandbox.mjs";
import { GiB, median, megabytesPerSecond, round } from "./process-usage.mjs";
import { runZrelayProcess } from "./zrelay-process.mjs";

/** Four 1 GiB datasets under one root, pulled with executeRun concurrency 4. */
export async function measureParallel(context, dataPath, repeats) {
  const { remote, local, server } = context;
  const root = "tank/parallel";
  await remote.zfs("create", "-p", root);
  const datasets = [1, 2, 3, 4].map((index) => `${root}/d${index}`);
  for (const dataset of datasets) await snapshotOfSize(remote, dataset, "s1", GiB);
  let bytes = 0;
  for (const dataset of datasets) bytes += await streamBytes(remote, `${dataset}@s1`);
  const destPrefix = "backup/parallel";
  const job = {
    source: { kind: "ssh", options: server.endpointOptions(dataPath) },
    target: { kind: "local", env: local.env },
    roots: [root],
    destPrefix,
    concurrency: 4,
    serverPid: server.listenerPid,
  };
  const runOnce = async () => {
    // The root has no snapshots (skipped); its target exists so the four children need no create-parents.
    await local.zfs("create", "-p", `${destPrefix}/${root}`);
    try {
      const run = await runZrelayProcess(job);
      if (run.totals.replicated !== 4)
        throw new Error(`${run.totals.replicated} datasets replicated, expected 4`);
      for (const dataset of datasets) {
        const got = await snapshotGuid(local, `${destPrefix}/${dataset}@s1`);
        if (got !== (await snapshotGuid(remote, `${dataset}@s1`)))
          throw new Error(`${dataset}@s1 did not arrive intact`);
      }
      return run;
    } finally {
      await destroyIfPresent(local, destPrefix);
    }
  };

  const runs = [];
  const failures = [];
  for (let trial = 1; trial <= repeats; trial++) {
    // A failed run is counted and reported, then tried once more: its figures never count.
    for (let attempt = 1; attempt <= 2; attempt++) {
      let run;
      try {
        run = await runOnce();
      } catch (error) {
        failures.push(`parallel4 over ${dataPath}, run ${trial}: ${error.message}`);
        console.log(`  FAILED ${failures.at(-1)}`);
        continue;
      }
      // Everything involved during executeRun: zrelay, its ssh clients and local zfs receives, the sshd sessions and remote zfs sends.
      const cpu = run.cpuSeconds + run.childrenCpuSeconds + run.serverCpuSeconds;
      runs.push({
        ...run,
        cores: cpu / run.executeSeconds,
        zrelayCores: run.cpuSeconds / run.executeSeconds,
      });
      console.log(
        `  parallel4 ${dataPath} run ${trial}/${repeats}: ${round(megabytesPerSecond(bytes, run.executeSeconds))} MB/s aggregate, ` +
          `${round(cpu / run.executeSeconds, 2)} cores (zrelay ${round(run.cpuSeconds, 2)} s, its children ${round(run.childrenCpuSeconds, 2)} s, ` +
          `server ${round(run.serverCpuSeconds, 2)} s in ${round(run.executeSeconds, 2)} s), RSS ${round(run.peakRssMb, 1)} MB`,
      );
      break;
    }
  }
  await remote.zfs("destroy", "-r", root);
  if (runs.length === 0) return { dataPath, error: failures[0], failedRuns: failures.length };
  return {
    dataPath,
    mbps: round(megabytesPerSecond(bytes, median(runs.map((run) => run.executeSeconds)))),
    coresUsed: round(median(runs.map((run) => run.cores)), 2),
    // Node's main thread alone: at most 1.
    zrelayProcessCores: round(median(runs.map((run) => run.zrelayCores)), 2),
    peakRssMb: round(Math.max(...runs.map((run) => run.peakRssMb)), 1),
    streams: 4,
    totalBytes: bytes,
    ...(failures.length === 0 ? {} : { failedRuns: failures.length, firstFailure: failures[0] }),
  };
}
