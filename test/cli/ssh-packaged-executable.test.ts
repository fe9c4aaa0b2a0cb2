import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliManifest } from "../../apps/cli/src/cli/cli-manifest.js";
import { type CliSandbox, createCliSandbox, EMULATOR_BIN, resultOf, withoutSizes } from "./cli-sandbox.js";
import { releaseArtifacts } from "./release-artifacts.js";
import { type SshRemote, snapshotGuids, startSshRemote } from "./ssh-remote.js";

const artifacts = releaseArtifacts();

// The .deb as an operator installs it, extracted with dpkg-deb -x: its /usr/bin/zrelay runs
// with no Node anywhere on its PATH (only ssh and a zfs wrapper that starts the emulator by
// absolute path), pulling over a loopback sshd whose zfs is the emulator.
describe.skipIf("missing" in artifacts)(
  "the .deb's /usr/bin/zrelay, with no Node on PATH",
  { timeout: 120_000 },
  () => {
    let root: string;
    let remote: SshRemote;
    let box: CliSandbox;
    let env: Record<string, string>;
    let zrelay: string;

    beforeAll(async () => {
      if ("missing" in artifacts) return;
      root = mkdtempSync(join(tmpdir(), "zrelay-deb-"));
      execFileSync("dpkg-deb", ["-x", artifacts.deb, join(root, "installed")]);
      zrelay = join(root, "installed/usr/bin/zrelay");
      const bin = join(root, "bin");
      mkdirSync(bin);
      symlinkSync(
        execFileSync("sh", ["-c", "command -v ssh"], { encoding: "utf8" }).trim(),
        join(bin, "ssh"),
      );
      writeFileSync(
        join(bin, "zfs"),
        `#!/bin/sh\nexec '${process.execPath}' '${join(EMULATOR_BIN, "zfs")}' "$@"\n`,
      );
      chmodSync(join(bin, "zfs"), 0o755);

      remote = await startSshRemote(["tank"]);
      await remote.zfs("create", "-p", "tank/data/home");
      for (const snap of ["daily-1", "daily-2"]) await remote.zfs("snapshot", `tank/data/home@${snap}`);
      box = createCliSandbox();
      await box.zpool("create", "backup");
      env = {
        PATH: bin,
        ...remote.clientEnv,
        ZRELAY_FAKE_ZFS_ROOT: box.env.ZRELAY_FAKE_ZFS_ROOT,
        ZRELAY_LOCK_DIR: box.lockDir,
      };
    });
    afterAll(async () => {
      await remote?.stop();
      box?.dispose();
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
    });

    const run = async (...args: string[]) =>
      resultOf(await execa(zrelay, args, { env, extendEnv: false, reject: false }));

    it("has no Node to lean on", async () => {
      const probe = await execa("sh", ["-c", "command -v node"], { env, extendEnv: false, reject: false });
      expect(probe.exitCode).not.toBe(0);
      expect(await run("--version")).toEqual({ code: 0, stdout: [cliManifest().version], stderr: [] });
    });

    it("pulls, with the source's guids, then a no-op -q prints nothing", async () => {
      const pull = ["pull", ...remote.connection, "--dest", "backup/hs", "tank/data"];
      const first = await run(...pull);
      expect({ ...first, stdout: withoutSizes(first.stdout) }).toEqual({
        code: 0,
        stdout: [
          `* pull ${remote.host}: 2 datasets`,
          "* tank/data: skipped (no snapshots on source)",
          "* tank/data/home: 2 snapshots, <n> KiB in <t>",
          "* 2 datasets: 1 replicated, 0 up to date, 1 skipped, 0 failed; <n> KiB in <t>",
        ],
        stderr: [],
      });
      const source = await remote.snapshotGuids("tank/data/home");
      expect(await snapshotGuids(box.zfs, "backup/hs/tank/data/home")).toEqual(
        source.map((line) => `backup/hs/${line}`),
      );
      expect(await run(...pull, "-q")).toEqual({ code: 0, stdout: [], stderr: [] });
    });

    it("doctor says which zfs each side runs and what it does without ssh2's native crypto", async () => {
      const doctor = await run("doctor", "pull", ...remote.connection, "--dest", "backup/hs", "tank/data");
      expect(doctor.code).toBe(0);
      expect(doctor.stdout).toContain(
        "* this zrelay is the single executable, without ssh2's native crypto add-on: not needed, the ssh client encrypts this job's streams (only --ssh-data-path ssh2 would use slower JavaScript ciphers)",
      );
      expect(doctor.stdout).toContainEqual(
        expect.stringMatching(/^\* target localhost: zfs .* at .*\/bin\/zfs$/),
      );
    });

    it("installs the man pages and the completion where man and the shells look", () => {
      const installed = join(root, "installed/usr/share");
      const page = execFileSync("sh", ["-c", `gzip -dc '${installed}/man/man1/zrelay.1.gz'`], {
        encoding: "utf8",
      });
      expect(page).toMatch(/^\.SS zrelay pull /m);
      expect(statSync(`${installed}/man/man5/zrelay.yaml.5.gz`).size).toBeGreaterThan(1000);
      expect(statSync(`${installed}/bash-completion/completions/zrelay`).size).toBeGreaterThan(1000);
      expect(statSync(`${installed}/zsh/vendor-completions/_zrelay`).size).toBeGreaterThan(1000);
    });
  },
);
