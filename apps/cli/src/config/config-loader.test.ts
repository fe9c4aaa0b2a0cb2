import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@zrelay/core";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG_PATH, loadConfigFile, parseConfig } from "./config-loader.js";
import { DEFAULT_JOB_OPTIONS } from "./config-options.js";

const parse = (text: string) => parseConfig(text, "/etc/zrelay/zrelay.yaml");

describe("parseConfig", () => {
  it("reads a pull job written with the shorthand", () => {
    const config = parse(`
jobs:
  pull-storage:
    kind: pull
    from: backup@host-storage
    datasets: [tank/data, tank/home]
    dest: backuppool/encryptedbackups/host-storage
`);
    expect(config.jobs).toEqual([
      {
        name: "pull-storage",
        kind: "pull",
        source: { host: "host-storage", user: "backup" },
        target: {},
        datasets: ["tank/data", "tank/home"],
        mapping: { kind: "prefix", dest: "backuppool/encryptedbackups/host-storage" },
        options: DEFAULT_JOB_OPTIONS,
      },
    ]);
  });

  it("reads the long host form and every option", () => {
    const [job] = parse(`
jobs:
  pull-mail:
    kind: pull
    source: { host: host-mail, user: zrelay, port: 2222, identity: /root/.ssh/id_zrelay, sudo: true }
    datasets: [rpool/mail]
    dest: backuppool/encryptedbackups/host-mail
    exclude: ["*/tmp"]
    include-snapshots: ["autosnap_*"]
    exclude-snapshots: ["*_hourly"]
    jobs: 4
    allow-rollback: true
    force: true
    allow-decrypt: true
    bwlimit: 1.5G
    accept-new-host-key: true
    hold: true
    chain-tag: backup-1
    snapshot: { prefix: nightly }
`).jobs;
    expect(job?.snapshot).toEqual({ prefix: "nightly" });
    expect(job?.source).toEqual({
      host: "host-mail",
      user: "zrelay",
      port: 2222,
      identity: "/root/.ssh/id_zrelay",
      sudo: true,
    });
    expect(job?.options).toEqual({
      exclude: ["*/tmp"],
      includeSnapshots: ["autosnap_*"],
      excludeSnapshots: ["*_hourly"],
      jobs: 4,
      allowRollback: true,
      force: true,
      allowUnencrypted: false,
      allowDecrypt: true,
      bwlimit: 1_610_612_736,
      acceptNewHostKey: true,
      hold: true,
      chainTag: "backup-1",
    });
  });

  it("reads snapshot: true as zrelay_<job>, and refuses a prefix or chain tag ZFS or a shell would choke on", () => {
    const [job] = parse(`
jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
    snapshot: true
`).jobs;
    expect(job?.snapshot).toEqual({ prefix: "zrelay_nightly" });
    expect(() =>
      parse(`
jobs:
  nightly:
    kind: sync
    from: tank/data
    to: backup/data
    snapshot: { prefix: "my snaps" }
    chain-tag: a_b
`),
    ).toThrow(
      /snapshot.prefix: the snapshot prefix 'my snaps' may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit[\s\S]*chain-tag: the chain tag 'a_b' may only contain letters, digits, "-", "." and ":"/,
    );
  });

  it("reads a push job with strip-prefix and target-root", () => {
    const [job] = parse(`
jobs:
  push-albion:
    kind: push
    to: backup@host-albion
    datasets: [backuppool/encryptedbackups, backuppool/encryptedbackups/host-web]
    strip-prefix: backuppool/encryptedbackups
    target-root: offsite/host-backups
    allow-unencrypted: true
`).jobs;
    expect(job).toMatchObject({
      kind: "push",
      source: {},
      target: { host: "host-albion", user: "backup" },
      mapping: {
        kind: "strip",
        stripPrefix: "backuppool/encryptedbackups",
        targetRoot: "offsite/host-backups",
      },
      options: { allowUnencrypted: true, allowDecrypt: false },
    });
  });

  it("reads sync sides on either host, with extra SSH settings from source/target", () => {
    const [remoteToLocal, localToRemote] = parse(`
jobs:
  mirror-home:
    kind: sync
    from: backup@host-web:tank/home
    source: { port: 2222 }
    to: backuppool/mirror/home
  copy-out:
    kind: sync
    from: tank/home
    to: host-albion:offsite/home
`).jobs;
    expect(remoteToLocal).toMatchObject({
      source: { host: "host-web", user: "backup", port: 2222 },
      target: {},
      datasets: ["tank/home"],
      mapping: { kind: "rename", from: "tank/home", to: "backuppool/mirror/home" },
    });
    expect(localToRemote).toMatchObject({
      source: {},
      target: { host: "host-albion" },
      mapping: { kind: "rename", from: "tank/home", to: "offsite/home" },
    });
  });

  it("applies defaults to every job; a job's own key replaces the default whole", () => {
    const config = parse(`
defaults:
  user: backup
  port: 22
  identity: /home/backup/.ssh/id_ed25519
  exclude: ["*/tmp"]
  bwlimit: 50M
  allow-unencrypted: true
  allow-decrypt: true
jobs:
  pull-web:
    kind: pull
    from: root@host-web
    datasets: [tank/www]
    dest: backup/host-web
    exclude: ["*/cache"]
    bwlimit: unlimited
  push-albion:
    kind: push
    target: { host: host-albion, port: 2200 }
    datasets: [backup/host-web]
    strip-prefix: backup
    target-root: offsite
`);
    expect(config.defaults.host).toEqual({
      user: "backup",
      port: 22,
      identity: "/home/backup/.ssh/id_ed25519",
    });
    const [pull, push] = config.jobs;
    expect(pull?.source).toEqual({
      host: "host-web",
      user: "root",
      port: 22,
      identity: "/home/backup/.ssh/id_ed25519",
    });
    expect(pull?.options).toMatchObject({
      exclude: ["*/cache"],
      bwlimit: undefined,
      allowUnencrypted: false,
      allowDecrypt: true,
    });
    expect(push?.target).toEqual({
      host: "host-albion",
      user: "backup",
      port: 2200,
      identity: "/home/backup/.ssh/id_ed25519",
    });
    expect(push?.options).toMatchObject({
      exclude: ["*/tmp"],
      bwlimit: 52_428_800,
      allowUnencrypted: true,
      allowDecrypt: false,
    });
  });

  it("reads ssh-data-path from defaults and from a side, the side's own winning", () => {
    const config = parse(`
defaults:
  ssh-data-path: ssh2
jobs:
  relay:
    kind: sync
    from: host-web:tank/home
    to: host-albion:offsite/home
    target: { ssh-data-path: openssh }
  pull-local:
    kind: pull
    from: host-storage
    datasets: [tank/data]
    dest: backup/host-storage
`);
    expect(config.defaults.host).toEqual({ sshDataPath: "ssh2" });
    expect(config.jobs.map((job) => [job.source, job.target])).toEqual([
      [
        { host: "host-web", sshDataPath: "ssh2" },
        { host: "host-albion", sshDataPath: "openssh" },
      ],
      [{ host: "host-storage", sshDataPath: "ssh2" }, {}],
    ]);
  });

  it("reads zfs-path on a remote side and on this machine's side of a sync, and refuses a relative one", () => {
    const config = parse(`
jobs:
  pull:
    kind: pull
    from: host-storage
    source: { zfs-path: /usr/local/sbin/zfs }
    datasets: [tank/data]
    dest: backup/host-storage
  copy:
    kind: sync
    from: tank/home
    to: backup/home
    source: { zfs-path: /opt/zfs/zfs }
`);
    expect(config.jobs.map((job) => [job.source, job.target])).toEqual([
      [{ host: "host-storage", zfsPath: "/usr/local/sbin/zfs" }, {}],
      [{ zfsPath: "/opt/zfs/zfs" }, {}],
    ]);
    expect(() =>
      parse(
        "jobs:\n  x:\n    kind: pull\n    from: h\n    source: { zfs-path: zfs }\n    datasets: [tank]\n    dest: b\n",
      ),
    ).toThrow(/jobs\.x\.source\.zfs-path: "zfs" is not an absolute path; give e\.g\. \/usr\/sbin\/zfs/);
  });

  it("keeps the jobs in file order and resolves YAML aliases", () => {
    const config = parse(`
jobs:
  b-pull:
    kind: pull
    from: host-b
    datasets: &roots [tank/data]
    dest: backup/b
  a-pull:
    kind: pull
    from: host-a
    datasets: *roots
    dest: backup/a
`);
    expect(config.jobs.map((job) => [job.name, job.datasets])).toEqual([
      ["b-pull", ["tank/data"]],
      ["a-pull", ["tank/data"]],
    ]);
  });
});

describe("loadConfigFile", () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true });
    directory = undefined;
  });

  it("reads a file and names it in errors", async () => {
    directory = await mkdtemp(join(tmpdir(), "zrelay-config-"));
    const path = join(directory, "zrelay.yaml");
    await writeFile(path, "jobs:\n  x:\n    kind: pul\n");
    await expect(loadConfigFile(path)).rejects.toThrow(
      `${path}:3:11: jobs.x.kind: must be pull, push or sync, got 'pul'`,
    );
  });

  it("says when the file is missing and how to make one", async () => {
    directory = await mkdtemp(join(tmpdir(), "zrelay-config-"));
    const path = join(directory, "absent.yaml");
    await expect(loadConfigFile(path)).rejects.toThrow(
      expect.objectContaining({
        code: ErrorCode.USAGE,
        message: `config file ${path} does not exist`,
        hint: "Create it (zrelay.yaml(5) describes every key; zrelay.example.yaml beside the documentation is a commented example) or name another with --config FILE.",
      }),
    );
  });

  it("defaults to /etc/zrelay/zrelay.yaml", () => {
    expect(DEFAULT_CONFIG_PATH).toBe("/etc/zrelay/zrelay.yaml");
  });
});
