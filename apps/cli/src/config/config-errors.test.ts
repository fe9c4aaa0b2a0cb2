import { ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { ConfigFileError } from "./config-issues.js";
import { parseConfig } from "./config-loader.js";

const DEFAULTS_KEYS =
  "user, port, identity, sudo, ssh-data-path, exclude, include-snapshots, exclude-snapshots, jobs, allow-rollback, force, bwlimit, accept-new-host-key, check-warn, check-crit, check-source-warn, hold, chain-tag, prune-source, prune-target, allow-unencrypted, allow-decrypt, parallel-jobs";
const PULL_KEYS =
  "kind, from, source, datasets, dest, allow-decrypt, snapshot, exclude, include-snapshots, exclude-snapshots, jobs, allow-rollback, force, bwlimit, accept-new-host-key, check-warn, check-crit, check-source-warn, hold, chain-tag, prune-source, prune-target, after";

/** A valid pull job (lines 1-6) with `extra` appended from line 7 on. */
const pull = (extra: string) =>
  `jobs:
  pull-storage:
    kind: pull
    from: backup@host-storage
    datasets: [tank/data]
    dest: backup/host-storage
${extra}`;

function messageOf(text: string): string {
  try {
    parseConfig(text, "/etc/zrelay/zrelay.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).code).toBe(ErrorCode.USAGE);
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
}

describe("config errors name the file, line, column and key, and say what is allowed", () => {
  it.each([
    [
      "a typo of a key",
      pull("    excludes: ['*/tmp']\n"),
      `/etc/zrelay/zrelay.yaml:7:5: jobs.pull-storage.excludes: unknown key 'excludes' — did you mean 'exclude'? allowed: ${PULL_KEYS}`,
    ],
    [
      "a key in camelCase",
      pull("    allowRollback: true\n"),
      `/etc/zrelay/zrelay.yaml:7:5: jobs.pull-storage.allowRollback: unknown key 'allowRollback' — did you mean 'allow-rollback'? allowed: ${PULL_KEYS}`,
    ],
    [
      "a key of another job kind",
      pull("    strip-prefix: backup\n"),
      `/etc/zrelay/zrelay.yaml:7:5: jobs.pull-storage.strip-prefix: 'strip-prefix' is not allowed in a pull job (only in push jobs); allowed: ${PULL_KEYS}`,
    ],
    [
      "a missing kind",
      "jobs:\n  x:\n    from: host\n",
      "/etc/zrelay/zrelay.yaml:2:3: jobs.x: missing 'kind': say what the job does with kind: pull, push or sync",
    ],
    [
      "an unknown kind",
      "jobs:\n  x:\n    kind: replicate\n",
      "/etc/zrelay/zrelay.yaml:3:11: jobs.x.kind: must be pull, push or sync, got 'replicate'",
    ],
    [
      "a snapshot where a dataset belongs",
      "jobs:\n  x:\n    kind: pull\n    from: h\n    datasets:\n      - tank/data\n      - tank/data@daily\n    dest: backup\n",
      '/etc/zrelay/zrelay.yaml:7:9: jobs.x.datasets[1]: Invalid dataset name "tank/data@daily": is a snapshot name, not a dataset name. Use the dataset alone: tank/data.',
    ],
    [
      "yes for a boolean (YAML 1.2 reads it as text)",
      pull("    force: yes\n"),
      "/etc/zrelay/zrelay.yaml:7:12: jobs.pull-storage.force: must be true or false, got 'yes'",
    ],
    [
      "no parallelism",
      pull("    jobs: 0\n"),
      "/etc/zrelay/zrelay.yaml:7:11: jobs.pull-storage.jobs: must be a whole number 1 or more, got 0",
    ],
    [
      "a rate with an unknown unit",
      pull("    bwlimit: 50X\n"),
      "/etc/zrelay/zrelay.yaml:7:14: jobs.pull-storage.bwlimit: '50X' is not a rate: write bytes per second as a number with an optional K, M, G or T suffix (1024-based, like zfs and rsync), e.g. 50M or 1.5G, or 'unlimited'",
    ],
    [
      "a port out of range",
      "jobs:\n  x:\n    kind: pull\n    source: { host: h, port: 70000 }\n    datasets: [tank]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:4:30: jobs.x.source.port: must be a whole number from 1 to 65535, got 70000",
    ],
    [
      "an SSH data path that does not exist",
      "jobs:\n  x:\n    kind: pull\n    source: { host: h, ssh-data-path: OpenSSH }\n    datasets: [tank]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:4:39: jobs.x.source.ssh-data-path: must be openssh or ssh2, got 'OpenSSH'",
    ],
    [
      "an SSH data path in defaults that is not text",
      "defaults:\n  ssh-data-path: true\njobs:\n  x: { kind: pull, from: h, datasets: [tank], dest: b }\n",
      "/etc/zrelay/zrelay.yaml:2:18: defaults.ssh-data-path: must be openssh or ssh2, got true",
    ],
    [
      "a typo of ssh-data-path in a host map",
      "jobs:\n  x:\n    kind: pull\n    source: { host: h, ssh_data_path: ssh2 }\n    datasets: [tank]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:4:24: jobs.x.source.ssh_data_path: unknown key 'ssh_data_path' — did you mean 'ssh-data-path'? allowed: host, user, port, identity, sudo, ssh-data-path, zfs-path",
    ],
    [
      "a data path for a local sync side",
      "jobs:\n  s:\n    kind: sync\n    from: tank/home\n    to: backup/home\n    source: { ssh-data-path: ssh2 }\n",
      "/etc/zrelay/zrelay.yaml:6:5: jobs.s.source: sets ssh-data-path but no host; this side is the local machine, so add host or remove them",
    ],
    [
      "a host given twice",
      "jobs:\n  x:\n    kind: pull\n    from: backup@h\n    source: { host: h2, port: 22 }\n    datasets: [tank]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:5:5: jobs.x.source: sets host, which 'from' already gives; set it in one place",
    ],
    [
      "a pull source without a host",
      "jobs:\n  x:\n    kind: pull\n    source: { user: backup }\n    datasets: [tank]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:4:5: jobs.x.source: missing 'host', e.g. host: host-storage",
    ],
    [
      "SSH settings for a local sync side",
      "jobs:\n  s:\n    kind: sync\n    from: tank/home\n    to: backup/home\n    target: { port: 22 }\n",
      "/etc/zrelay/zrelay.yaml:6:5: jobs.s.target: sets port but no host; this side is the local machine, so add host or remove them",
    ],
    [
      "a sync into itself",
      "jobs:\n  s:\n    kind: sync\n    from: tank/home\n    to: tank/home/copy\n",
      "/etc/zrelay/zrelay.yaml:5:9: jobs.s.to: 'tank/home/copy' is 'tank/home' or inside it on the same host; a tree cannot be replicated into itself",
    ],
    [
      "two jobs writing nested trees",
      "jobs:\n  a:\n    kind: sync\n    from: tank/home\n    to: backup/home\n  b:\n    kind: pull\n    from: h\n    datasets: [mail]\n    dest: backup/home\n",
      "/etc/zrelay/zrelay.yaml:6:3: jobs.b: jobs 'a' and 'b' write overlapping datasets (target localhost backup/home and target localhost backup/home/mail); give them separate destinations, or list those datasets in one job",
    ],
    [
      "a list given as one string",
      pull("    exclude: '*/tmp'\n"),
      "/etc/zrelay/zrelay.yaml:7:14: jobs.pull-storage.exclude: must be a list, e.g. ['*/tmp', tank/cache]; got '*/tmp'",
    ],
    [
      "an empty dataset list",
      "jobs:\n  x:\n    kind: pull\n    from: h\n    datasets: []\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:5:15: jobs.x.datasets: must name at least one dataset, e.g. [tank/data]",
    ],
    [
      "a from with no value",
      "jobs:\n  x:\n    kind: pull\n    from:\n    datasets: [t]\n    dest: b\n",
      "/etc/zrelay/zrelay.yaml:4:10: jobs.x.from: must be text, e.g. backup@host-storage; got nothing",
    ],
    [
      "an empty file",
      "# nothing yet\n",
      "/etc/zrelay/zrelay.yaml:1:1: the file is empty; it needs a 'jobs:' map (see zrelay.yaml(5))",
    ],
    [
      "no jobs at all",
      "jobs: {}\n",
      "/etc/zrelay/zrelay.yaml:1:7: jobs: defines no job; add at least one, e.g. pull-storage: { kind: pull, … }",
    ],
    [
      "jobs without a value",
      "jobs:\n",
      "/etc/zrelay/zrelay.yaml:1:6: jobs: must be a map of job names to jobs, got nothing",
    ],
    [
      "a duplicate key",
      "jobs:\n  x:\n    kind: pull\n  x:\n    kind: push\n",
      "/etc/zrelay/zrelay.yaml:4:3: not valid YAML: this key appears twice in the same map; keep one",
    ],
    [
      "broken YAML",
      "jobs:\n  x: [\n",
      "/etc/zrelay/zrelay.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  ])("%s", (_case, text, message) => {
    expect(messageOf(text)).toBe(message);
  });

  it("reports every problem at once, one per line, in file order", () => {
    const text = `defaults:
  host: h
  allow-rollback: 1
job:
  x: {}
jobs:
  push-albion:
    kind: push
    to: backup@host-albion
    datasets: [backuppool/encryptedbackups, tank/data]
    strip-prefix: backuppool/encryptedbackups
    exclude-snapshots: ['tank/data@hourly-*']
  "bad name":
    kind: sync
    from: host-web:tank@x
    to: -h:backup/home
`;
    expect(messageOf(text).split("\n")).toEqual([
      `/etc/zrelay/zrelay.yaml:2:3: defaults.host: unknown key 'host'; allowed: ${DEFAULTS_KEYS}`,
      "/etc/zrelay/zrelay.yaml:3:19: defaults.allow-rollback: must be true or false, got 1",
      "/etc/zrelay/zrelay.yaml:4:1: job: unknown key 'job' — did you mean 'jobs'? allowed: defaults, jobs, state-dir",
      "/etc/zrelay/zrelay.yaml:10:16: jobs.push-albion.datasets[0]: 'backuppool/encryptedbackups' is the strip-prefix itself, so stripping it leaves no name; set target-root to say where it lands, or list the datasets below it",
      "/etc/zrelay/zrelay.yaml:10:45: jobs.push-albion.datasets[1]: 'tank/data' is not under strip-prefix 'backuppool/encryptedbackups'; push only datasets below it, or strip a shorter prefix",
      "/etc/zrelay/zrelay.yaml:12:25: jobs.push-albion.exclude-snapshots[0]: 'tank/data@hourly-*': patterns match the snapshot's short name after '@', e.g. 'hourly-*'",
      "/etc/zrelay/zrelay.yaml:13:3: jobs.bad name: job name 'bad name' may only use letters, digits, '-', '_' and '.' (at most 64, starting with a letter or digit)",
      '/etc/zrelay/zrelay.yaml:15:11: jobs.bad name.from: Invalid dataset name "tank@x": is a snapshot name, not a dataset name. Use the dataset alone: tank.',
      "/etc/zrelay/zrelay.yaml:16:9: jobs.bad name.to: '-h' is not a host name (letters, digits, '.', '-', '_'; not starting with '-'); write [user@]host:dataset, e.g. backup@host-web:tank/home",
    ]);
  });

  it("carries the issues for callers that print them their own way", () => {
    try {
      parseConfig(pull("    force: yes\n"), "zrelay.yaml");
    } catch (error) {
      expect((error as ConfigFileError).issues).toEqual([
        {
          line: 7,
          column: 12,
          keyPath: "jobs.pull-storage.force",
          message: "must be true or false, got 'yes'",
        },
      ]);
      expect((error as ConfigFileError).hint).toBe(
        "Fix zrelay.yaml and run zrelay again; man 5 zrelay.yaml describes every key.",
      );
    }
    expect.assertions(2);
  });
});
