import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, EMULATOR_BIN, resultOf, ZRELAY_BIN } from "./cli-sandbox.js";

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
        env: { PATH: path, ZRELAY_FAKE_ZFS_ROOT: box.env.ZRELAY_FAKE_ZFS_ROOT, ZRELAY_LOCK_DIR: box.lockDir },
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
