import { runBenchmark } from "./bench-cleanup.mjs";
import { emulatorHost, loadEmulator } from "./emulator-sandbox.mjs";
import { mirrorTree, seedTree, treeNames } from "./dataset-tree-seed.mjs";
import { writeFileSync } from "node:fs";
await runBenchmark("dbg", async () => {
  const testkit = await loadEmulator();
  const remote = await emulatorHost(testkit, ["tank"]);
  const local = await emulatorHost(testkit, ["backup"]);
  const source = seedTree(testkit, remote, treeNames("tank/data", 1000), 50);
  mirrorTree(testkit, source, local, "backup/host");
  writeFileSync("/tmp/dbg-roots", `${remote.root} ${local.root}\n`);
  console.log(remote.root, local.root);
  await new Promise((r) => setTimeout(r, 600000));
});
