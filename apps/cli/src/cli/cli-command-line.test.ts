import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";
import { cliManifest } from "./cli-manifest.js";

// What a new operator meets on the command line (issue 11, points 5–10), in the test container.
const ARGS = ["--host", "host-storage", "--dest", "backup/hs", "tank/data"];

describe("the zrelay command line", () => {
  let cli: ReturnType<typeof createCliHarness>;
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1", "hourly-1", "daily-2"]);
  });
  afterEach(() => cli.cleanup());

  describe("plan honours the output flags given before its subcommand", () => {
    it("--json before pull prints JSON events only", async () => {
      const { code, stdout, stderr } = await cli.run("plan", "--json", "pull", ...ARGS);
      expect([code, stderr]).toEqual([0, []]);
      const events = stdout.map((line) => (JSON.parse(line) as { event: string }).event);
      expect(events).toEqual(["start", "plan", "summary"]);
    });

    it("-q before pull prints nothing when all is well", async () => {
      expect(await cli.run("plan", "-q", "pull", ...ARGS)).toEqual({ code: 0, stdout: [], stderr: [] });
    });

    it("a flag after the subcommand wins over the one before it", async () => {
      const { stdout } = await cli.run("plan", "-q", "pull", ...ARGS, "--no-quiet");
      expect(stdout[0]).toBe("* pull host-storage: 1 dataset");
    });

    it("--config before pull is refused, not ignored", async () => {
      expect(await cli.run("plan", "--config", "/etc/zrelay/other.yaml", "pull", ...ARGS)).toEqual({
        code: 2,
        stdout: [],
        stderr: [
          "🚨 error: --config names the file of config jobs; 'plan pull' takes its job from the command line. Drop --config, or name jobs: zrelay plan JOB... --config FILE",
        ],
      });
      expect(cli.requests).toEqual([]);
    });
  });

  describe("--host and the connection flags", () => {
    it("a user in --host and a different --user is a usage error, before connecting", async () => {
      expect(
        await cli.run("pull", "--host", "admin@host-storage", "--user", "root", ...ARGS.slice(2)),
      ).toEqual({
        code: 2,
        stdout: [],
        stderr: [
          "🚨 admin@host-storage says to log in as admin, but --user says root; give the user once",
          "    Run zrelay help for the arguments of each command.",
        ],
      });
      expect(cli.requests).toEqual([]);
    });

    it("the same user twice is fine", async () => {
      expect(
        (await cli.run("plan", "pull", "--host", "root@host-storage", "--user", "root", ...ARGS.slice(2)))
          .code,
      ).toBe(0);
      expect(cli.requests[0]?.side).toEqual({ host: "host-storage", user: "root" });
    });

    it("a port in --host is told to use --port", async () => {
      const { code, stderr } = await cli.run("pull", "--host", "host-storage:2222", ...ARGS.slice(2));
      expect([code, stderr[0]]).toEqual([
        2,
        "🚨 --host 'host-storage:2222' has a ':'; give the host alone and the sshd port with --port (--host host-storage --port 2222)",
      ]);
    });
  });

  describe("help", () => {
    it("marks required options, shows examples, the exit statuses and the docs, without (default: [])", async () => {
      const { code, stdout } = await cli.run("pull", "--help");
      const help = stdout.join("\n");
      expect(code).toBe(0);
      expect(help).toMatch(/--host <host>\s+\[user@\]host to pull from \(required\)/);
      expect(help).toMatch(/--dest <prefix>\s+local dataset the pulled tree goes under\s+\(required\)/);
      expect(help).not.toContain("(default: [])");
      expect(help).toMatch(/--include-snapshots <pattern>/);
      expect(help).toMatch(/--exclude-snapshots <pattern>/);
      expect(stdout.slice(stdout.indexOf("Examples:"))).toEqual([
        "Examples:",
        "  zrelay pull --host backup@host-storage --dest backuppool/hosts/host-storage tank/data",
        "  zrelay pull --host host-web --port 2222 --dest backuppool/hosts/host-web --exclude '*/cache' tank -q",
        "",
        "Exit status:",
        "  0   every dataset replicated, was up to date, or had nothing to send",
        "  1   a dataset failed (the others still ran), a root or host is missing, or a check failed",
        "  2   usage or config error; nothing ran",
        "  3   another zrelay run holds the lock",
        "  130 stopped by SIGINT",
        "  143 stopped by SIGTERM",
        "",
        'Docs: zrelay(1) ("The zrelay command" in docs/cli.md); the config file: zrelay.yaml(5) ("The zrelay config file" in docs/config.md).',
      ]);
    });

    it("zrelay --help and every command's help end with the exit statuses and the docs", async () => {
      for (const argv of [
        ["--help"],
        ["run", "--help"],
        ["plan", "--help"],
        ["plan", "push", "--help"],
        ["doctor", "sync", "--help"],
        ["restore-keys", "--help"],
      ]) {
        const { code, stdout } = await cli.run(...argv);
        expect([code, stdout.includes("Exit status:"), stdout.filter((l) => l !== "").at(-1)]).toEqual([
          0,
          true,
          expect.stringMatching(/^Docs: zrelay\(1\)/),
        ]);
      }
    });
  });

  it("--include-snapshots and --exclude-snapshots choose the snapshots, as the config's keys do", async () => {
    expect((await cli.run("pull", ...ARGS, "--include-snapshots", "daily-*", "-q")).code).toBe(0);
    expect(cli.localZfs.listSnapshots("backup/hs/tank/data").map((s) => s.name)).toEqual([
      "daily-1",
      "daily-2",
    ]);
    const refused = await cli.run("pull", ...ARGS, "--exclude-snapshots", "tank/data@hourly-*");
    expect([refused.code, refused.stderr]).toEqual([
      2,
      [
        "🚨 error: option '--exclude-snapshots <pattern>' argument 'tank/data@hourly-*' is invalid. 'tank/data@hourly-*': patterns match the snapshot's short name after '@', e.g. 'hourly-*'",
      ],
    ]);
  });

  it("an --exclude that matches a root warns on stderr instead of silently replicating nothing", async () => {
    expect(await cli.run("pull", ...ARGS, "--exclude", "tank/*")).toEqual({
      code: 0,
      stdout: [
        "* pull host-storage: 0 datasets",
        "* 0 datasets: 0 replicated, 0 up to date, 0 failed; 0 B in 0.0 s",
      ],
      stderr: [
        "🚨 warning: tank/data (named by pull host-storage) is left out by --exclude 'tank/*', and its whole tree with it",
      ],
    });
  });

  it("an unexpected exception ends in one 🚨 line that says it is a bug and where to report it", async () => {
    // A bug inside zrelay's own code: a plain TypeError where a ZrelayError was expected.
    cli.wrap(
      "host-storage",
      (endpoint) =>
        new Proxy(endpoint, {
          get: (target, key) => {
            if (key === "listDatasets") throw new TypeError("listDatasets is not a function");
            return Reflect.get(target, key);
          },
        }),
    );
    const line = `🚨 zrelay failed unexpectedly: listDatasets is not a function. This is a bug in zrelay ${cliManifest().version}; please report it at ${cliManifest().bugsUrl} with the output of the same command run with --debug.`;
    expect(await cli.run("pull", ...ARGS, "-q")).toEqual({ code: 1, stdout: [], stderr: [line] });
    const debug = await cli.run("pull", ...ARGS, "--debug");
    expect(debug.stderr).toEqual([line]);
    expect(debug.stdout).toContain("ℹ️ caused by: TypeError: listDatasets is not a function");
    expect(debug.stdout.some((l) => /^ℹ️ +at .*cli-command-line\.test\.ts/.test(l))).toBe(true);
  });
});

describe("hints speak to where the user is", () => {
  let cli: ReturnType<typeof createCliHarness>;
  let directory: string;
  beforeEach(async () => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
    directory = mkdtempSync(join(tmpdir(), "zrelay-hints-"));
    writeFileSync(
      join(directory, "zrelay.yaml"),
      "jobs:\n  pull-data:\n    kind: pull\n    from: host-storage\n    datasets: [tank/data]\n    dest: backup/hs\n",
    );
    await cli.run("pull", ...ARGS, "-q");
    cli.localZfs.snapshot("backup/hs/tank/data@manual");
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-2"]);
  });
  afterEach(() => {
    cli.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });
  const hint = (fix: string) =>
    `    To destroy @manual on backup/hs/tank/data and continue from @daily-1, rerun with ${fix}. To keep them, rename backup/hs/tank/data (zfs rename) and let zrelay replicate afresh.`;

  it("a command-line run names the flag", async () => {
    const { code, stderr } = await cli.run("pull", ...ARGS, "-q");
    expect([code, stderr[1]]).toEqual([1, hint("--allow-rollback")]);
  });

  it("a config-file run names the key to write", async () => {
    const { code, stderr } = await cli.run("run", "--config", join(directory, "zrelay.yaml"), "-q");
    expect([code, stderr[1]]).toEqual([1, hint("allow-rollback: true")]);
  });

  it("--json carries the hint worded the same way", async () => {
    const { stdout } = await cli.run("run", "--config", join(directory, "zrelay.yaml"), "--json");
    const error = stdout
      .map((line) => JSON.parse(line) as { event: string; hint?: string })
      .find((e) => e.event === "error");
    expect(error?.hint).toBe(hint("allow-rollback: true").trim());
  });
});
