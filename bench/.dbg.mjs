import { runBenchmark } from "./bench-cleanup.mjs";
import { emulatorHost, loadEmulator, snapshotOfSize } from "./emulator-sandbox.mjs";
import { loopbackSshd } from "./loopback-sshd.mjs";
import { runZrelayProcess } from "./zrelay-process.mjs";
await runBenchmark("dbg", async () => {
  const testkit = await loadEmulator();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const server = await loopbackSshd(testkit, remote);
  await snapshotOfSize(remote, "tank/a", "s1", Number(process.argv[3]));
  await local.zfs("create", "-p", "backup/p/tank");
  for (const dataPath of [process.argv[2]]) {
    try {
      const r = await runZrelayProcess({ source: { kind: "ssh", options: server.endpointOptions(dataPath) }, target: { kind: "local", env: local.env }, roots: ["tank/a"], destPrefix: "backup/p" });
      console.log(dataPath, "ok", r);
    } catch (e) { console.log(dataPath, "FAIL", e.message); }
  }
  console.log(server.sshd.log().slice(-1500));
});
