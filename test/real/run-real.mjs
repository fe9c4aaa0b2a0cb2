#!/usr/bin/env node
// `npm run test:real`: runs the real-ZFS test files inside the zfs-lab VM (OpenZFS 2.3), where
// this checkout is shared at the same path. Skips, saying why, when the lab is not running.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const envFile = process.env.ZFS_LAB_ENV ?? "/var/cache/zfs-lab/env";
const startHint = `start it with: ../shared/zfs-lab/start "${repo}"`;

if (!existsSync(envFile)) {
  console.log(`* real-ZFS tests skipped: the zfs-lab VM is not running (no ${envFile}); ${startHint}`);
  process.exit(0);
}
const lab = Object.fromEntries(
  readFileSync(envFile, "utf8")
    .split("\n")
    .map((line) => line.match(/^(\w+)=(.*)$/))
    .filter(Boolean)
    .map((m) => [m[1], m[2].replace(/^["']|["']$/g, "")]),
);
// The share is this checkout or a folder holding it (one lab VM serves several worktrees).
const share = resolve(lab.ZFS_LAB_SHARE ?? "/nonexistent");
if (repo !== share && !repo.startsWith(`${share}/`)) {
  console.error(
    `🚨 the zfs-lab VM shares ${lab.ZFS_LAB_SHARE || "no folder"}, which does not hold this checkout (${repo}); ` +
      `stop it (../shared/zfs-lab/stop) and ${startHint}`,
  );
  process.exit(1);
}

// The SSH adapter's conformance runs on one data path: openssh (the default) or ssh2.
const dataPath = process.env.ZRELAY_REAL_SSH_DATA_PATH ?? "openssh";
if (dataPath !== "openssh" && dataPath !== "ssh2") {
  console.error(`🚨 ZRELAY_REAL_SSH_DATA_PATH is ${JSON.stringify(dataPath)}; set it to openssh or ssh2`);
  process.exit(2);
}

// Inside the guest: the same path, real `zfs` on PATH, pools from ZFS_LAB_POOLS.
const files = process.argv.slice(2).join(" ");
const remote = [
  `cd '${repo}'`,
  `export ZRELAY_REAL_ZFS=1 ZFS_LAB_POOLS='${lab.ZFS_LAB_POOLS}' ZRELAY_REAL_SSH_DATA_PATH='${dataPath}'`,
  `node node_modules/vitest/vitest.mjs run --config test/real/vitest.real.config.ts ${files}`,
].join(" && ");
const ssh = spawnSync("ssh", ["-F", lab.ZFS_LAB_SSH_CONFIG, "-o", "BatchMode=yes", "zfs-lab", remote], {
  stdio: "inherit",
});
process.exit(ssh.status ?? 1);
