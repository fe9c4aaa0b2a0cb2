import { runBenchmark } from "./bench-cleanup.mjs";
import { emulatorHost, loadEmulator, snapshotOfSize } from "./emulator-sandbox.mjs";
import { loopbackSshd } from "./loopback-sshd.mjs";
import { endpointFor, runJob } from "./zrelay-job.mjs";
await runBenchmark("dbg", async () => {
  const testkit = await loadEmulator();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const server = await loopbackSshd(testkit, remote);
  for (const i of [1,2,3,4]) await snapshotOfSize(remote, `tank/par/d${i}`, "s1", Number(process.argv[2]));
  await local.zfs("create", "-p", "backup/p/tank/par");
  const source = endpointFor({ kind: "ssh", options: server.endpointOptions("ssh2") });
  const target = endpointFor({ kind: "local", env: local.env });
  const r = await runJob({ source: source.endpoint, target: target.endpoint, roots: ["tank/par"], destPrefix: "backup/p", concurrency: Number(process.argv[3]) });
  await source.close();
  for (const d of r.report.datasets) {
    console.log(d.source, d.outcome, d.error?.message);
    let c = d.error?.cause; while (c) { console.log("   cause:", c.message, c.code ?? "", JSON.stringify(c.details ?? "")); c = c.cause; }
    if (d.error) console.log(JSON.stringify(d.error, null, 1).slice(0, 3000));
  }
});
