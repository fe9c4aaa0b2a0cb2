import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulatorHost, startTestSshd } from "@zrelay/testkit";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sshdDecisionHere } from "../sshd-requirement.js";
import {
  type CliSandbox,
  createCliSandbox,
  EMULATOR_BIN,
  resultOf,
  withoutSizes,
  ZRELAY_BIN,
} from "./cli-sandbox.js";

// Cron's environment: `env -i PATH=/usr/bin:/bin`, where no `zfs` lives. The emulator is
// reached through a wrapper script at an absolute path, given with --zfs-path.
const CRON_PATH = "/usr/bin:/bin";

describe("--zfs-path under cron's PATH, through the zfs emulator", { timeout: 60_000 }, () => {
  let box: CliSandbox;
  let wrapper: string;
  let decoyDir: string;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "tank/data");
    await box.zfs("snapshot", "tank/data@daily-1");
    const bin = join(box.root, "opt-zfs");
    mkdirSync(bin);
    wrapper = join(bin, "zfs");
    writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${join(EMULATOR_BIN, "zfs")}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    // A `zfs` first in PATH that always fails: --zfs-path must win over the search.
    decoyDir = join(box.root, "decoy");
    mkdirSync(decoyDir);
    writeFileSync(join(decoyDir, "zfs"), "#!/bin/sh\necho 'decoy zfs was run' >&2\nexit 1\n");
    chmodSync(join(decoyDir, "zfs"), 0o755);
  });
  afterEach(() => box.dispose());

  const cron = async (path: string, ...args: string[]) =>
    resultOf(
      await execa(process.execPath, [ZRELAY_BIN, ...args], {
        env: {
          PATH: path,
          ZRELAY_FAKE_ZFS_ROOT: box.env.ZRELAY_FAKE_ZFS_ROOT,
          ZRELAY_LOCK_DIR: box.lockDir,
          ZRELAY_STATE_DIR: box.env.ZRELAY_STATE_DIR,
        },
        extendEnv: false,
        reject: false,
      }),
    );

  it("without it, searches PATH then /usr/sbin and /sbin, and says how to give the path", async () => {
    const result = await cron(CRON_PATH, "sync", "tank/data", "backup/copy", "-q");
    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        "🚨 listing tank/data on localhost failed: the zfs command could not be run (zfs was not found in PATH=/usr/bin:/bin:/usr/sbin:/sbin on localhost)",
        "    Install OpenZFS on localhost (Debian/Ubuntu: apt install zfsutils-linux), or give zrelay the full path of zfs (--zfs-path or --remote-zfs-path, e.g. /usr/local/sbin/zfs).",
      ],
    });
  });

  it("replicates with it, silently, and it wins over a zfs found in PATH", async () => {
    const sync = ["sync", "tank/data", "backup/copy", "-q", "--zfs-path", wrapper];
    expect(await cron(`${decoyDir}:${CRON_PATH}`, ...sync)).toEqual({ code: 0, stdout: [], stderr: [] });
    expect(await box.snapshots("backup/copy")).toEqual(["backup/copy@daily-1"]);
    // The next night: nothing to do, nothing printed.
    expect(await cron(`${decoyDir}:${CRON_PATH}`, ...sync)).toEqual({ code: 0, stdout: [], stderr: [] });
  });

  it("refuses a relative --zfs-path with a usage error", async () => {
    const result = await cron(CRON_PATH, "sync", "tank/data", "backup/copy", "--zfs-path", "zfs");
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toBe('🚨 --zfs-path: "zfs" is not an absolute path; give e.g. /usr/sbin/zfs');
  });
});

// The emulator installed as /usr/sbin/zfs (a wrapper starting it by absolute path), as
// OpenZFS puts zfs there: a pull under cron's PATH finds it on this machine and on the
// remote host (a loopback sshd whose sessions get PATH=/usr/bin:/bin too), through the
// search zrelay adds; --zfs-path and --remote-zfs-path still win. Only root may write
// /usr/sbin, and a real zfs there is never replaced: both skip, saying why.
const SBIN_ZFS = "/usr/sbin/zfs";
const sbinSkip =
  process.getuid?.() !== 0
    ? `not root: cannot install the emulator as ${SBIN_ZFS}`
    : existsSync(SBIN_ZFS)
      ? `${SBIN_ZFS} exists (a real zfs?): not replaced`
      : sshdDecisionHere().action !== "run"
        ? "no sshd for the remote side"
        : undefined;
if (sbinSkip !== undefined) console.log(`skipped the ${SBIN_ZFS} pull tests: ${sbinSkip}`);

describe.skipIf(sbinSkip !== undefined)(
  `a pull under cron's PATH, zfs in ${SBIN_ZFS} on both sides`,
  { timeout: 120_000 },
  () => {
    let remote: Awaited<ReturnType<typeof startSshd>>;
    let box: CliSandbox;
    let pull: string[];
    let home: string;

    beforeAll(async () => {
      writeFileSync(
        SBIN_ZFS,
        `#!/bin/sh\n# zrelay test emulator\nexec '${process.execPath}' '${join(EMULATOR_BIN, "zfs")}' "$@"\n`,
      );
      chmodSync(SBIN_ZFS, 0o755);
      remote = await startSshd();
      box = createCliSandbox();
      await box.zpool("create", "backup");
      home = mkdtempSync(join(tmpdir(), "zrelay-home-"));
      mkdirSync(join(home, ".ssh"), { mode: 0o700 });
      copyFileSync(remote.sshd.knownHostsFile, join(home, ".ssh", "known_hosts"));
      pull = [
        "pull",
        ...["--host", remote.sshd.host, "--port", String(remote.sshd.port), "--user", remote.sshd.user],
        ...["--identity", remote.sshd.clientKey.privateKeyFile, "--dest", "backup/hs", "tank/data"],
      ];
    });
    afterAll(async () => {
      // Only the file this suite wrote.
      if (existsSync(SBIN_ZFS) && readFileSync(SBIN_ZFS, "utf8").includes("# zrelay test emulator"))
        rmSync(SBIN_ZFS);
      await remote?.stop();
      box?.dispose();
      if (home !== undefined) rmSync(home, { recursive: true, force: true });
    });

    const cron = async (...args: string[]) =>
      resultOf(
        await execa(process.execPath, [ZRELAY_BIN, ...args], {
          env: {
            PATH: CRON_PATH,
            HOME: home,
            ZRELAY_FAKE_ZFS_ROOT: box.env.ZRELAY_FAKE_ZFS_ROOT,
            ZRELAY_LOCK_DIR: box.lockDir,
          },
          extendEnv: false,
          reject: false,
        }),
      );

    it("finds zfs in /usr/sbin on both sides and pulls, then -q is silent", async () => {
      const first = await cron(...pull);
      expect({ ...first, stdout: withoutSizes(first.stdout) }).toEqual({
        code: 0,
        stdout: [
          `* pull ${remote.sshd.host}: 1 dataset`,
          "* tank/data: 1 snapshot, <n> KiB in <t>",
          "* 1 dataset: 1 replicated, 0 up to date, 0 failed; <n> KiB in <t>",
        ],
        stderr: [],
      });
      expect(await box.snapshots("backup/hs")).toEqual(["backup/hs/tank/data@daily-1"]);
      // The remote login itself has no zfs on its PATH: the search zrelay appends found it.
      const { sshd } = remote;
      const login = await execa("ssh", [
        ...["-p", String(sshd.port), "-i", sshd.clientKey.privateKeyFile, "-o", "BatchMode=yes"],
        ...["-o", `UserKnownHostsFile=${sshd.knownHostsFile}`, `${sshd.user}@${sshd.host}`],
        'echo "$PATH"; command -v zfs || echo "no zfs"',
      ]);
      const [loginPath, found] = login.stdout.split("\n");
      expect({ sbin: loginPath?.split(":").filter((dir) => dir.endsWith("sbin")), found }).toEqual({
        sbin: [],
        found: "no zfs",
      });
      expect(await cron(...pull, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    });

    it("--zfs-path and --remote-zfs-path win over the zfs in /usr/sbin", async () => {
      const marker = join(box.root, "used");
      const logging = (side: string) => {
        const path = join(box.root, `zfs-${side}`);
        writeFileSync(path, `#!/bin/sh\necho ${side} >> '${marker}'\nexec '${SBIN_ZFS}' "$@"\n`);
        chmodSync(path, 0o755);
        return path;
      };
      const result = await cron(
        ...pull,
        "-q",
        "--zfs-path",
        logging("local"),
        "--remote-zfs-path",
        logging("remote"),
      );
      expect(result).toEqual({ code: 0, stdout: [], stderr: [] });
      expect(new Set(readFileSync(marker, "utf8").trim().split("\n"))).toEqual(new Set(["local", "remote"]));
    });
  },
);

/** A remote host over a loopback sshd whose sessions have cron's PATH and the emulator's own state. */
async function startSshd() {
  const machine = createEmulatorHost({ pools: ["tank"] });
  const sshd = await startTestSshd({ env: { PATH: CRON_PATH, ZRELAY_FAKE_ZFS_ROOT: machine.root } });
  const admin = (...args: string[]) =>
    execa(process.execPath, [join(EMULATOR_BIN, "zfs"), ...args], { env: machine.env });
  await admin("create", "tank/data");
  await admin("snapshot", "tank/data@daily-1");
  return {
    sshd,
    async stop() {
      await sshd.stop();
      machine.dispose();
    },
  };
}
