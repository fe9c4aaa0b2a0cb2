import { ErrorCode, ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_OPTIONS } from "../config/config-options.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { DoctorDeps } from "./doctor-deps.js";
import { formatDoctorCheck } from "./doctor-report.js";
import { allowOutput, type FakeHostState, FakeZfsHost } from "./fake-zfs-host.fixture.js";
import { runDoctor } from "./run-doctor.js";

const BACKUP_ID = "uid=1001(backup) gid=1001(backup) groups=1001(backup)";

const pullStorage: JobDefinition = {
  name: "pull-storage",
  kind: "pull",
  source: { host: "host-storage", user: "backup" },
  target: {},
  datasets: ["tank/data", "tank/home"],
  mapping: { kind: "prefix", dest: "backuppool/encryptedbackups/host-storage" },
  options: DEFAULT_JOB_OPTIONS,
};

const pushAlbion: JobDefinition = {
  name: "push-albion",
  kind: "push",
  source: {},
  target: { host: "host-albion", user: "backup" },
  datasets: ["backuppool/encryptedbackups/host-storage"],
  mapping: { kind: "strip", stripPrefix: "backuppool/encryptedbackups", targetRoot: "offsite/host-backups" },
  options: DEFAULT_JOB_OPTIONS,
};

/** The host-storage the seed pulls from, with the delegation its ansible role sets up. */
const storage = (overrides: FakeHostState = {}) =>
  new FakeZfsHost("backup@host-storage", "backup", {
    datasets: ["tank", "tank/data", "tank/home"],
    id: BACKUP_ID,
    allow: {
      "tank/data": allowOutput("tank", "user backup bookmark,destroy,hold,release,send"),
      "tank/home": allowOutput("tank", "user backup bookmark,destroy,hold,release,send"),
    },
    ...overrides,
  });

/** The backup server itself, zrelay running as the backup user. */
const backupServer = (overrides: FakeHostState = {}) =>
  new FakeZfsHost("localhost", "backup", {
    datasets: ["backuppool", "backuppool/encryptedbackups"],
    id: BACKUP_ID,
    allow: {
      "backuppool/encryptedbackups": allowOutput(
        "backuppool/encryptedbackups",
        "user backup canmount,create,mount,receive",
      ),
    },
    ...overrides,
  });

const deps = (source: FakeZfsHost, target: FakeZfsHost, extra: Partial<DoctorDeps> = {}): DoctorDeps => ({
  source: { runner: source },
  target: { runner: target },
  nativeCryptoAvailable: () => true,
  ...extra,
});

const printed = async (job: JobDefinition, doctorDeps: DoctorDeps) => {
  const report = await runDoctor(job, doctorDeps);
  return { lines: report.checks.flatMap(formatDoctorCheck), exitCode: report.exitCode };
};

describe("runDoctor", () => {
  it("passes the seed's pull when everything is in place, and says what it checked", async () => {
    expect(await printed(pullStorage, deps(storage(), backupServer()))).toEqual({
      exitCode: 0,
      lines: [
        "* ssh2's native crypto add-on is loaded",
        "* source backup@host-storage: SSH connection works and the host key is known",
        "* source backup@host-storage: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2)",
        "* source backup@host-storage: tank/data and tank/home exist",
        "* source backup@host-storage: user backup may send, hold, release, bookmark and destroy on tank/data and below",
        "* source backup@host-storage: user backup may send, hold, release, bookmark and destroy on tank/home and below",
        "* target localhost: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2)",
        "* target localhost: backuppool/encryptedbackups/host-storage does not exist yet; zrelay will create it below backuppool/encryptedbackups (canmount=off)",
        "* target localhost: user backup may receive, create, mount and canmount on backuppool/encryptedbackups and below",
      ],
    });
  });

  it("prints the exact zfs allow lines that are missing, and fails", async () => {
    const source = storage({ allow: { "tank/data": allowOutput("tank", "user backup send") } });
    const target = backupServer({ allow: {} });
    const { lines, exitCode } = await printed(pullStorage, deps(source, target));
    expect(exitCode).toBe(1);
    expect(lines.filter((line) => !line.startsWith("* "))).toEqual([
      "🚨 source backup@host-storage: user backup lacks hold, release, bookmark and destroy on tank/data and below; grant them as root on host-storage:",
      "    zfs allow backup hold,release,bookmark,destroy tank/data",
      "🚨 source backup@host-storage: user backup lacks send, hold, release, bookmark and destroy on tank/home and below; grant them as root on host-storage:",
      "    zfs allow backup send,hold,release,bookmark,destroy tank/home",
      "🚨 target localhost: user backup lacks receive, create, mount and canmount on backuppool/encryptedbackups and below; grant them as root:",
      "    zfs allow backup receive,create,mount,canmount backuppool/encryptedbackups",
    ]);
  });

  it("asks for snapshot and mount on the source with a snapshot policy, hold and release on the target with holds", async () => {
    const job = {
      ...pullStorage,
      snapshot: { prefix: "zrelay_pull-storage" },
      options: { ...DEFAULT_JOB_OPTIONS, hold: true },
    };
    const { lines } = await printed(job, deps(storage(), backupServer()));
    expect(lines).toContain(
      "🚨 source backup@host-storage: user backup lacks snapshot and mount on tank/data and below; grant them as root on host-storage:",
    );
    expect(lines).toContain("    zfs allow backup snapshot,mount tank/data");
    expect(lines).toContain("    zfs allow backup hold,release backuppool/encryptedbackups");
  });

  it("asks for rollback and destroy only when the job allows rollback", async () => {
    const job = { ...pullStorage, options: { ...DEFAULT_JOB_OPTIONS, allowRollback: true } };
    const { lines } = await printed(job, deps(storage(), backupServer()));
    expect(lines.filter((line) => !line.startsWith("* "))).toEqual([
      "🚨 target localhost: user backup lacks rollback and destroy on backuppool/encryptedbackups and below; grant them as root:",
      "    zfs allow backup rollback,destroy backuppool/encryptedbackups",
    ]);
  });

  it("needs bookmark on a push source and checks the offsite target root", async () => {
    const local = backupServer({
      datasets: ["backuppool", "backuppool/encryptedbackups", "backuppool/encryptedbackups/host-storage"],
      allow: {
        "backuppool/encryptedbackups/host-storage": allowOutput(
          "backuppool",
          "user backup hold,release,send",
        ),
      },
    });
    const albion = new FakeZfsHost("backup@host-albion", "backup", {
      datasets: ["offsite", "offsite/host-backups"],
      id: BACKUP_ID,
      allow: { "offsite/host-backups": allowOutput("offsite", "user backup create,mount,receive") },
    });
    const { lines, exitCode } = await printed(pushAlbion, deps(local, albion));
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      "* ssh2's native crypto add-on is loaded",
      "* source localhost: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2)",
      "* source localhost: backuppool/encryptedbackups/host-storage exists",
      "🚨 source localhost: user backup lacks bookmark and destroy on backuppool/encryptedbackups/host-storage and below; grant them as root:",
      "    zfs allow backup bookmark,destroy backuppool/encryptedbackups/host-storage",
      "* target backup@host-albion: SSH connection works and the host key is known",
      "* target backup@host-albion: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2)",
      "* target backup@host-albion: offsite/host-backups exists",
      "🚨 target backup@host-albion: user backup lacks canmount on offsite/host-backups and below; grant it as root on host-albion:",
      "    zfs allow backup canmount offsite/host-backups",
    ]);
  });

  it("needs no delegation as root, nor through sudo, and does not run id with sudo", async () => {
    const source = storage({ allow: {} });
    const root = backupServer({ id: "uid=0(root) gid=0(root) groups=0(root)", allow: {} });
    const job = { ...pullStorage, source: { ...pullStorage.source, sudo: true } };
    const { lines, exitCode } = await printed(job, deps(source, root));
    expect(exitCode).toBe(0);
    expect(lines).toContain(
      "* source backup@host-storage: zfs runs through sudo as root; no delegated permissions needed",
    );
    expect(lines).toContain("* target localhost: runs as root; no delegated permissions needed");
    expect(source.calls.map((argv) => argv[0])).not.toContain("id");
  });

  it("counts grants to the user's groups", async () => {
    const target = backupServer({
      id: "uid=1001(backup) gid=1001(backup) groups=1001(backup),990(zfsbackup)",
      allow: {
        "backuppool/encryptedbackups": allowOutput(
          "backuppool",
          "group zfsbackup canmount,create,mount,receive",
        ),
      },
    });
    expect((await runDoctor(pullStorage, deps(storage(), target))).exitCode).toBe(0);
  });

  it("reports an unreachable host once, with its hint, and still checks the other side", async () => {
    const refused = new ZrelayError(
      ErrorCode.CONNECTION_FAILED,
      "the host key of backup@host-storage:22 is not known: it presents ED25519 key SHA256:abc",
      { hint: "Check that fingerprint, then record it: run zrelay once with --accept-new-host-key." },
    );
    const source = storage({ unreachable: refused });
    const { lines, exitCode } = await printed(pullStorage, deps(source, backupServer()));
    expect(exitCode).toBe(1);
    expect(lines.slice(0, 3)).toEqual([
      "* ssh2's native crypto add-on is loaded",
      "🚨 source backup@host-storage: the host key of backup@host-storage:22 is not known: it presents ED25519 key SHA256:abc",
      "    Check that fingerprint, then record it: run zrelay once with --accept-new-host-key.",
    ]);
    expect(lines[3]).toBe("* target localhost: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2)");
    expect(source.calls).toHaveLength(1);
  });

  it("uses the explicit connect when given", async () => {
    const failed = new ZrelayError(
      ErrorCode.CONNECTION_FAILED,
      "could not connect to backup@host-storage:22: connection refused",
    );
    const source = storage();
    const { lines } = await printed(
      pullStorage,
      deps(source, backupServer(), { source: { runner: source, connect: () => Promise.reject(failed) } }),
    );
    expect(lines[1]).toBe(
      "🚨 source backup@host-storage: could not connect to backup@host-storage:22: connection refused",
    );
    expect(source.calls).toEqual([]);
  });

  it.each([
    [
      { dataPath: "openssh", sshBinary: "/usr/bin/ssh", chosen: false },
      "send/receive streams go through the OpenSSH client /usr/bin/ssh (data path openssh)",
    ],
    [
      { dataPath: "ssh2", sshBinary: "/usr/bin/ssh", chosen: true },
      "send/receive streams go over zrelay's own SSH connection (data path ssh2)",
    ],
    [
      { dataPath: "ssh2", sshBinary: undefined, chosen: false },
      "send/receive streams go over zrelay's own SSH connection (data path ssh2): no OpenSSH client (ssh) in PATH on this machine; install openssh-client for faster streams",
    ],
  ] as const)("says which data path the streams of an SSH side take (%o)", async (sshStreams, said) => {
    const source = storage();
    const { lines, exitCode } = await printed(
      pullStorage,
      deps(source, backupServer(), { source: { runner: source, sshStreams } }),
    );
    expect(exitCode).toBe(0);
    expect(lines.slice(1, 3)).toEqual([
      "* source backup@host-storage: SSH connection works and the host key is known",
      `* source backup@host-storage: ${said}`,
    ]);
  });

  it.each([
    [
      "executable",
      { dataPath: "openssh", sshBinary: "/usr/bin/ssh", chosen: false },
      "* this zrelay is the single executable, without ssh2's native crypto add-on: not needed, the ssh client encrypts this job's streams (only --ssh-data-path ssh2 would use slower JavaScript ciphers)",
      [],
    ],
    [
      "npm",
      { dataPath: "ssh2", sshBinary: "/usr/bin/ssh", chosen: true },
      "* warning: this zrelay is the bundled npm package, without ssh2's native crypto add-on: the ssh2 data path encrypts this job's streams with JavaScript ciphers (less than half the speed)",
      [
        "    Use the OpenSSH data path (--ssh-data-path openssh, or ssh-data-path: openssh; apt install openssh-client) for full speed.",
      ],
    ],
  ] as const)(
    "a packaged zrelay (%s) says what it does without ssh2's native crypto",
    async (packaged, sshStreams, line, hint) => {
      const source = storage();
      const { lines, exitCode } = await printed(
        pullStorage,
        deps(source, backupServer(), {
          nativeCryptoAvailable: () => false,
          packaged,
          source: { runner: source, sshStreams },
        }),
      );
      expect(exitCode).toBe(0);
      expect(lines.slice(0, 1 + hint.length)).toEqual([line, ...hint]);
    },
  );

  it("stops at a missing zfs, and names missing datasets and pools", async () => {
    const noZfs = storage({ version: { exitCode: 127, stdout: "", stderr: "sh: 1: zfs: not found" } });
    const noPool = backupServer({ datasets: [] });
    const { lines } = await printed(pullStorage, deps(noZfs, noPool));
    expect(lines.filter((line) => !line.startsWith("* "))).toEqual([
      "🚨 source backup@host-storage: the zfs command (zfs) could not be run",
      "    Install OpenZFS there (Debian/Ubuntu: apt install zfsutils-linux), or give the full path of zfs (e.g. /usr/sbin/zfs): cron and SSH sessions often lack /usr/sbin in PATH.",
      "🚨 target localhost: pool backuppool does not exist, so backuppool/encryptedbackups/host-storage cannot be created",
      "    Create the pool, or point the job at a dataset in a pool that exists.",
    ]);
    const missingHome = storage({ datasets: ["tank", "tank/data"] });
    const second = await printed(pullStorage, deps(missingHome, backupServer()));
    expect(second.lines).toContain("🚨 source backup@host-storage: tank/home does not exist");
    expect(missingHome.calls.filter((argv) => argv[1] === "allow")).toEqual([["zfs", "allow", "tank/data"]]);
  });

  it("warns (without failing) about an old zfs, a module that differs, and slow ssh2 crypto", async () => {
    const old = storage({ version: { stdout: "zfs-0.8.6-1\nzfs-kmod-0.8.6-1\n" } });
    const drift = backupServer({ version: { stdout: "zfs-2.3.2-1\nzfs-kmod-2.2.7-1\n" } });
    const { lines, exitCode } = await printed(
      pullStorage,
      deps(old, drift, { nativeCryptoAvailable: () => false }),
    );
    expect(exitCode).toBe(0);
    expect(lines.filter((line) => !line.startsWith("* source") && !line.startsWith("* target"))).toEqual([
      "* warning: ssh2's native crypto add-on is not built: SSH streams use slower JavaScript ciphers (less than half the speed)",
      "    Rebuild it where zrelay is installed (npm rebuild ssh2; needs make, g++ and python3).",
      "* warning: source backup@host-storage: zfs 0.8.6-1 (kernel module 0.8.6-1): zrelay is tested with OpenZFS 2.x",
      "* warning: target localhost: zfs 2.3.2-1 (kernel module 2.2.7-1): the tools and the loaded module differ",
      "    Reboot (or reload the module) after a zfs upgrade so both match.",
    ]);
  });

  it("runs the zfs it is told to, and checks nothing over SSH for a local job", async () => {
    const job: JobDefinition = {
      ...pullStorage,
      kind: "sync",
      source: {},
      datasets: ["backuppool/encryptedbackups"],
      mapping: { kind: "rename", from: "backuppool/encryptedbackups", to: "backuppool/copy" },
    };
    const local = backupServer({ id: "uid=0(root) gid=0(root) groups=0(root)" });
    const report = await runDoctor(job, { ...deps(local, local), zfsCommand: "/usr/sbin/zfs" });
    expect(report.checks.map((check) => check.line)).not.toContain("ssh2's native crypto add-on is loaded");
    expect(local.calls.filter((argv) => argv[0] !== "id").every((argv) => argv[0] === "/usr/sbin/zfs")).toBe(
      true,
    );
  });

  it("says which zfs each side runs: the --zfs-path given, else what the side's shell finds", async () => {
    const job: JobDefinition = { ...pullStorage, target: { zfsPath: "/opt/zfs/bin/zfs" } };
    const source = storage({ zfsAt: "/usr/sbin/zfs" });
    const target = backupServer();
    const { lines } = await printed(job, deps(source, target));
    expect(lines).toContain(
      "* source backup@host-storage: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2) at /usr/sbin/zfs",
    );
    expect(lines).toContain(
      "* target localhost: zfs 2.3.2-2~bpo12+2 (kernel module 2.3.2-2~bpo12+2) at /opt/zfs/bin/zfs",
    );
    expect(
      target.calls.filter((argv) => argv[0] !== "id").every((argv) => argv[0] === "/opt/zfs/bin/zfs"),
    ).toBe(true);
  });
});
