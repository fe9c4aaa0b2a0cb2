// The zrelay process of a benchmark: plans and runs one job in a process of its
// own, so its peak RSS and CPU time are zrelay's alone, then prints one JSON
// line. Started by throughput.mjs and ssh-throughput.mjs; not meant to be run by hand.
//
//   node bench/replicate-child.mjs '{"source":…,"target":…,"roots":[…],"destPrefix":"…","concurrency":1,"serverPid":123}'
//
// CPU figures cover executeRun only (planJob's listing commands excluded):
// `cpuSeconds` this process, `childrenCpuSeconds` the processes it started and
// waited for (local zfs, OpenSSH clients of the data path), `serverCpuSeconds`
// the process tree under `serverPid` (an sshd listener) when one is given.

import { cpuSeconds, peakRssMb, treeCpuSeconds } from "./process-usage.mjs";
import { endpointFor, firstFailure, runJob } from "./zrelay-job.mjs";

const job = JSON.parse(process.argv[2] ?? "{}");
const source = endpointFor(job.source);
const target = endpointFor(job.target);

function sample() {
  const own = process.cpuUsage();
  return {
    own: (own.user + own.system) / 1e6,
    children: cpuSeconds().children,
    server: job.serverPid === undefined ? 0 : treeCpuSeconds(job.serverPid),
  };
}

try {
  let planned;
  const { report, planSeconds, executeSeconds, seconds } = await runJob({
    source: source.endpoint,
    target: target.endpoint,
    roots: job.roots,
    destPrefix: job.destPrefix,
    concurrency: job.concurrency,
    onPlanned: () => {
      planned = sample();
    },
  });
  const finished = sample();
  await Promise.all([source.close(), target.close()]);
  const result = {
    ok: report.totals.failed === 0 && report.totals.conflicts === 0,
    failure: firstFailure(report),
    totals: report.totals,
    planSeconds,
    executeSeconds,
    seconds,
    cpuSeconds: finished.own - planned.own,
    childrenCpuSeconds: finished.children - planned.children,
    serverCpuSeconds: finished.server - planned.server,
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ ok: false, failure: message })}\n`);
  process.exitCode = 1;
  await Promise.allSettled([source.close(), target.close()]);
}
