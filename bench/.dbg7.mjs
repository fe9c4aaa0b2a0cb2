import { runBenchmark } from "./bench-cleanup.mjs";
import { emulatorHost, loadEmulator, snapshotOfSize, destroyIfPresent } from "./emulator-sandbox.mjs";
import { loopbackSshd } from "./loopback-sshd.mjs";
import { endpointFor, runJob } from "./zrelay-job.mjs";
await runBenchmark("dbg", async () => {
  const testkit = await loadEmulator();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const server = await loopbackSshd(testkit, remote);
  await snapshotOfSize(local, "backup/d", "s1", 1024 * 1024 * 1024);
  await remote.zfs("create", "-p", "tank/p/backup");
  for (let i = 0; i < 10; i++) {
    const s = endpointFor({ kind: "local", env: local.env });
    const t = endpointFor({ kind: "ssh", options: server.endpointOptions("ssh2") });
    const r = await runJob({ source: s.endpoint, target: t.endpoint, roots: ["backup/d"], destPrefix: "tank/p" });
    await t.close();
    const d = r.report.datasets[0];
    console.log(i, d.outcome, d.error ? `${d.error.rootCause} | send: ${d.error.send?.outcome} ${d.error.send?.message} | receive: ${d.error.receive?.outcome} ${d.error.receive?.message ?? ""}` : "");
    console.log("   target snapshot:", (await remote.zfs("list", "-H", "-o", "name", "-t", "snapshot", "-r", "tank/p")).trim());
    await destroyIfPresent(remote, "tank/p/backup/d");
  }
});
