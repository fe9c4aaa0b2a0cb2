#!/usr/bin/env node
// `npm run demo`: the seed's nightly job on a sandbox, no real ZFS needed. A "remote host"
// (host-storage) with an encrypted tree whose children keep different snapshot schedules,
// a local backup pool, and an "offsite" host, all three run by the zfs emulator. The real
// zrelay CLI pulls, pulls again after new snapshots, pushes offsite raw, then plans.
// Over loopback sshd when one can be started, else on the local path (it says which).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const emulatorBin = join(repo, "packages/testkit/bin");
const zrelayBin = join(repo, "apps/cli/bin/zrelay.js");
const sandbox = mkdtempSync(join(tmpdir(), "zrelay-demo-"));
const machines = {};
const sshds = [];

function machine(name) {
  const root = join(sandbox, name);
  mkdirSync(root);
  const env = { ...process.env, PATH: `${emulatorBin}:${process.env.PATH}`, ZRELAY_FAKE_ZFS_ROOT: root };
  const run = (command, ...args) => {
    const result = spawnSync(command, args, { env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name}: ${command} ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  machines[name] = { root, env, zfs: (...a) => run("zfs", ...a), zpool: (...a) => run("zpool", ...a) };
  return machines[name];
}

function say(line) {
  console.log(`\n\x1b[1m${line}\x1b[0m`);
}

let failed = false;
function zrelay(env, ...args) {
  console.log(`$ zrelay ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const result = spawnSync(process.execPath, [zrelayBin, ...args], { env, stdio: "inherit" });
  if (result.status !== 0) {
    failed = true;
    console.log(`(exit ${result.status})`);
  }
}

async function startSshd(host) {
  const { startTestSshd } = await import("@zrelay/testkit");
  const sshd = await startTestSshd({ pathPrefix: [emulatorBin], env: { ZRELAY_FAKE_ZFS_ROOT: host.root } });
  sshds.push(sshd);
  return sshd;
}

try {
  const backup = machine("backup-server");
  const home = join(sandbox, "home");
  mkdirSync(join(home, ".ssh"), { recursive: true, mode: 0o700 });
  const env = { ...backup.env, HOME: home, SSH_AUTH_SOCK: "", ZRELAY_LOCK_DIR: join(sandbox, "locks") };
  mkdirSync(env.ZRELAY_LOCK_DIR);

  // Two SSH hosts when sshd can be started; otherwise all three pools on this one machine.
  let storage = backup;
  let offsite = backup;
  let pull = ["sync", "tank/data", "backuppool/encryptedbackups/host-storage/tank/data"];
  let push = ["sync", "backuppool/encryptedbackups/host-storage", "offsite/backups/host-storage"];
  let pullPlan = pull;
  try {
    if (!existsSync("/usr/sbin/sshd")) throw new Error("no /usr/sbin/sshd (openssh-server)");
    const remoteStorage = machine("host-storage");
    const remoteOffsite = machine("host-albion");
    const storageSshd = await startSshd(remoteStorage);
    const offsiteSshd = await startSshd(remoteOffsite);
    await offsiteSshd.authorizeKey(storageSshd.clientKey.publicKey);
    const known = [storageSshd, offsiteSshd].map((s) => readFileSync(s.knownHostsFile, "utf8")).join("");
    writeFileSync(join(home, ".ssh", "known_hosts"), known);
    const login = (s) => ["--host", s.host, "--port", String(s.port), "--user", s.user];
    const identity = ["--identity", storageSshd.clientKey.privateKeyFile];
    pullPlan = [
      "pull",
      ...login(storageSshd),
      ...identity,
      "--dest",
      "backuppool/encryptedbackups/host-storage",
    ];
    pull = [...pullPlan, "tank/data"];
    push = [
      "push",
      ...login(offsiteSshd),
      ...identity,
      ...["--strip-prefix", "backuppool/encryptedbackups", "--target-root", "offsite/backups"],
      "backuppool/encryptedbackups/host-storage",
    ];
    [storage, offsite] = [remoteStorage, remoteOffsite];
    say("zrelay demo: three emulated ZFS machines; host-storage and host-albion over a loopback sshd");
  } catch (error) {
    say(`zrelay demo: local path, one emulated ZFS machine (no loopback sshd: ${error.message})`);
  }

  // host-storage: an encrypted tree; home is snapshotted daily, mail hourly, data itself weekly.
  storage.zpool("create", "tank");
  writeFileSync(join(sandbox, "tank.key"), "correct horse battery staple\n");
  storage.zfs(
    "create",
    ...["-o", "encryption=aes-256-gcm", "-o", "keyformat=passphrase"],
    ...["-o", `keylocation=file://${join(sandbox, "tank.key")}`, "tank/data"],
  );
  storage.zfs("create", "tank/data/home");
  storage.zfs("create", "tank/data/mail");
  const snap = (dataset, name, file, text) => {
    writeFileSync(join(storage.root, "mnt", dataset, file), text);
    storage.zfs("snapshot", `${dataset}@${name}`);
  };
  snap("tank/data", "weekly-1", "README", "family archive\n");
  snap("tank/data/home", "daily-1", "notes.txt", "monday\n");
  snap("tank/data/home", "daily-2", "notes.txt", "tuesday\n");
  for (const hour of ["hourly-09", "hourly-10", "hourly-11"])
    snap("tank/data/mail", hour, "inbox", `${hour}\n`);
  backup.zpool("create", "backuppool");
  backup.zfs("create", "-o", "canmount=off", "backuppool/encryptedbackups");
  offsite.zpool("create", "offsite");

  say("1. First pull: every dataset of host-storage, one by one, raw (they are encrypted)");
  zrelay(env, ...pull);

  say("2. New snapshots on host-storage, then the nightly pull again (incremental)");
  snap("tank/data/home", "daily-3", "notes.txt", "wednesday\n");
  snap("tank/data/mail", "hourly-12", "inbox", "noon\n");
  zrelay(env, ...pull);

  say("3. Push the backups offsite, still encrypted: host-albion never sees a key");
  zrelay(env, ...push);
  const keys = offsite.zfs("get", "-H", "-r", "-t", "filesystem", "-o", "name,value", "keystatus", "offsite");
  for (const line of keys.split("\n").filter((l) => l.endsWith("unavailable"))) {
    console.log(`  offsite key status: ${line.replace("\t", " ")}`);
  }

  say("4. What the next cron run would do: nothing, and with --quiet it prints nothing at all");
  zrelay(env, "plan", ...pull);
  zrelay(env, ...pull, "--quiet");
} catch (error) {
  failed = true;
  console.error(`🚨 demo: ${error.message}`);
} finally {
  for (const sshd of sshds) await sshd.stop().catch(() => {});
  rmSync(sandbox, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
