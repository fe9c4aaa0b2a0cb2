// The zrelay process of a benchmark: plans and runs one job in a process of its
// own, so its peak RSS and CPU time are zrelay's alone, then prints one JSON
// line. Started by throughput.mjs and ssh-throughput.mjs; not meant to be run by hand.
//
//   node bench/replicate-child.mjs '{"source":…,"target":…,"roots":[…],"destPrefix":"…","concurrency":1}'

import { cpuSeconds, peakRssMb } from "./process-usage.mjs";
import { endpointFor, firstFailure, runJob } from "./zrelay-job.mjs";

const job = JSON.parse(process.argv[2] ?? "{}");
const source = endpointFor(job.source);
const target = endpointFor(job.target);
const cpuAtStart = process.cpuUsage();
try {
  const { report, planSeconds, executeSeconds, seconds } = await runJob({
    source: source.endpoint,
    target: target.endpoint,
    roots: job.roots,
    destPrefix: job.destPrefix,
    concurrency: job.concurrency,
  });
  await Promise.all([source.close(), target.close()]);
  const cpu = process.cpuUsage(cpuAtStart);
  const proc = cpuSeconds();
  const result = {
    ok: report.totals.failed === 0 && report.totals.conflicts === 0,
    failure: firstFailure(report),
    totals: report.totals,
    planSeconds,
    executeSeconds,
    seconds,
    // This process alone, during the job (module loading excluded).
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // Every child it waited for: local zfs processes, OpenSSH clients of the data path.
    childrenCpuSeconds: proc.children,
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
