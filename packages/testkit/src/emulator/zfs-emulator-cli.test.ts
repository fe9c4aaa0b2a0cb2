import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorMachine, emulatorMachine } from "./emulator-cli.fixture.js";

// The emulator as zrelay and fixtures meet it: real processes, output forms and
// messages as OpenZFS 2.3.2 prints them (docs/real-zfs-behaviour.md).
let machine: EmulatorMachine;
beforeAll(() => {
  machine = emulatorMachine();
});
afterAll(() => machine.dispose());

describe("listing", { timeout: 60_000 }, () => {
  beforeAll(() => {
    const { ok } = machine;
    for (const dataset of ["src/l", "src/l/a", "src/l/a-b", "src/l/a/b", "src/l/a b"]) ok("create", dataset);
    for (const snapshot of ["src/l/a@s1", "src/l/a@s2", "src/l/a/b@x"]) ok("snapshot", snapshot);
    ok("bookmark", "src/l/a@s1", "src/l/a#zz");
    ok("bookmark", "src/l/a@s2", "src/l/a#aa");
  });

  it("lists snapshots and bookmarks of a subtree in zfs's order: by dataset, snapshots by createtxg, then bookmarks", () => {
    const listed = machine.ok(
      "list",
      "-H",
      "-p",
      "-o",
      "name,guid,createtxg,creation",
      "-t",
      "snapshot,bookmark",
      "-r",
      "src/l",
    );
    const rows = listed
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows.map(([name]) => name)).toEqual([
      "src/l/a@s1",
      "src/l/a@s2",
      "src/l/a#aa",
      "src/l/a#zz",
      "src/l/a/b@x",
    ]);
    for (const [, guid, createtxg, creation] of rows) {
      expect(guid).toMatch(/^[1-9]\d*$/);
      expect(createtxg).toMatch(/^\d+$/);
      expect(Number(creation)).toBeGreaterThan(1_700_000_000);
    }
    const guid = (name: string) => rows.find(([n]) => n === name)?.[1];
    expect(guid("src/l/a#zz")).toBe(guid("src/l/a@s1"));
  });

  it("sorts datasets by name as zfs does: `a b` and `a-b` before `a/b`", () => {
    expect(machine.ok("list", "-H", "-o", "name", "-r", "src/l")).toBe(
      "src/l\nsrc/l/a\nsrc/l/a b\nsrc/l/a-b\nsrc/l/a/b\n",
    );
    expect(machine.ok("list", "-H", "-o", "name", "-d", "1", "src/l")).toBe(
      "src/l\nsrc/l/a\nsrc/l/a b\nsrc/l/a-b\n",
    );
  });

  it("reports an absent root among several on stderr, lists the others, and exits 1", () => {
    const result = machine.zfs(
      "list",
      "-H",
      "-o",
      "name",
      "-t",
      "filesystem,volume",
      "src/l",
      "src/nope",
      "src/l/a",
    );
    expect(result).toMatchObject({
      status: 1,
      stdout: "src/l\nsrc/l/a\n",
      stderr: "cannot open 'src/nope': dataset does not exist\n",
    });
  });

  it("gets dataset properties as zrelay reads them, `-` for what is unset", () => {
    const got = machine.ok(
      "get",
      "-H",
      "-p",
      "-o",
      "name,property,value",
      "-r",
      "-t",
      "filesystem,volume",
      "type,encryption,encryptionroot,keystatus,canmount,receive_resume_token,mounted",
      "src/l/a",
    );
    expect(got.split("\n").slice(0, 7)).toEqual([
      "src/l/a\ttype\tfilesystem",
      "src/l/a\tencryption\toff",
      "src/l/a\tencryptionroot\t-",
      "src/l/a\tkeystatus\t-",
      "src/l/a\tcanmount\ton",
      "src/l/a\treceive_resume_token\t-",
      "src/l/a\tmounted\tyes",
    ]);
    expect(machine.ok("get", "-H", "-p", "-o", "value", "mounted,mountpoint", "src/l/a@s1")).toBe("-\n-\n");
  });

  it("refuses an unknown property, option or command with zfs's words and exit 2", () => {
    expect(machine.zfs("get", "-H", "nosuch", "src/l")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^bad property list: invalid property 'nosuch'\nusage:\n\tget /),
    });
    expect(machine.zfs("list", "-q")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^invalid option 'q'\nusage:\n\tlist /),
    });
    expect(machine.zfs("frobnicate")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^unrecognized command 'frobnicate'\n/),
    });
  });

  it("prints holds as `SNAP<TAB>TAG<TAB>DATE`", () => {
    machine.ok("hold", "keep", "src/l/a@s1");
    expect(machine.ok("holds", "-H", "src/l/a@s1")).toMatch(
      /^src\/l\/a@s1\tkeep\t\w{3} \w{3} [ \d]\d \d\d:\d\d \d{4}\n$/,
    );
    expect(machine.zfs("destroy", "src/l/a@s1")).toMatchObject({
      status: 1,
      stderr:
        "cannot destroy snapshot src/l/a@s1: it's being held. Run 'zfs holds -r src/l/a@s1' to see holders.\n",
    });
    machine.ok("release", "keep", "src/l/a@s1");
    expect(machine.ok("holds", "-H", "src/l/a@s1")).toBe("");
  });
});

describe("mountpoints", { timeout: 60_000 }, () => {
  it("mounts what it creates under the state root, and shows each snapshot's files in .zfs/snapshot", () => {
    machine.ok("create", "src/m");
    const mountpoint = machine.mountpoint("src/m");
    expect(mountpoint).toBe(machine.path("mnt", "src", "m"));
    writeFileSync(join(mountpoint, "f.txt"), "first");
    machine.ok("snapshot", "src/m@one");
    writeFileSync(join(mountpoint, "f.txt"), "second");
    expect(machine.ok("get", "-H", "-p", "-o", "value", "written", "src/m")).not.toBe("0\n");
    machine.ok("snapshot", "src/m@two");
    expect(readFileSync(join(mountpoint, ".zfs/snapshot/one/f.txt"), "utf8")).toBe("first");
    expect(readFileSync(join(mountpoint, ".zfs/snapshot/two/f.txt"), "utf8")).toBe("second");
    machine.ok("rollback", "-r", "src/m@one");
    expect(readFileSync(join(mountpoint, "f.txt"), "utf8")).toBe("first");
    expect(existsSync(join(mountpoint, ".zfs/snapshot/two"))).toBe(false);
  });

  it("reports written as OpenZFS does: 0 after a receive and a bare mount, the bytes written since the latest snapshot after a write", () => {
    const written = (dataset: string) => machine.ok("get", "-H", "-p", "-o", "value", "written", dataset);
    machine.ok("create", "src/w");
    writeFileSync(join(machine.mountpoint("src/w"), "a"), Buffer.alloc(16 * 1024, 1));
    machine.ok("snapshot", "src/w@s1");
    expect(machine.zfsWithInput(machine.send("src/w@s1"), "receive", "-u", "dst/w").status).toBe(0);
    expect(written("dst/w")).toBe("0\n");
    machine.ok("set", "canmount=noauto", "dst/w");
    machine.ok("mount", "dst/w");
    expect(written("dst/w")).toBe("0\n");
    writeFileSync(join(machine.mountpoint("dst/w"), "b"), Buffer.alloc(12 * 1024, 2));
    machine.ok("unmount", "dst/w");
    // Real ZFS adds its metadata (77824 in the lab for this write); never less than the data.
    expect(Number(written("dst/w"))).toBe(12 * 1024);
    machine.ok("rollback", "dst/w@s1");
    expect(written("dst/w")).toBe("0\n");
  });

  it("leaves a received filesystem unmounted (-u) until `zfs mount`, and refuses canmount=off", () => {
    machine.ok("create", "src/r");
    writeFileSync(join(machine.mountpoint("src/r"), "f.txt"), "received");
    machine.ok("snapshot", "src/r@s");
    expect(machine.zfsWithInput(machine.send("src/r@s"), "receive", "-u", "dst/r").status).toBe(0);
    expect(machine.ok("get", "-H", "-o", "value", "mounted", "dst/r")).toBe("no\n");
    expect(existsSync(join(machine.mountpoint("dst/r"), "f.txt"))).toBe(false);
    machine.ok("mount", "dst/r");
    expect(readFileSync(join(machine.mountpoint("dst/r"), "f.txt"), "utf8")).toBe("received");
    expect(machine.zfs("mount", "dst/r")).toMatchObject({
      status: 1,
      stderr: "cannot mount 'dst/r': filesystem already mounted\n",
    });
    machine.ok("unmount", "dst/r");
    expect(machine.zfs("unmount", "dst/r")).toMatchObject({
      status: 1,
      stderr: "cannot unmount 'dst/r': not currently mounted\n",
    });
    machine.ok("create", "-o", "canmount=off", "dst/off");
    expect(machine.zfs("mount", "dst/off")).toMatchObject({
      status: 1,
      stderr: "cannot mount 'dst/off': 'canmount' property is set to 'off'\n",
    });
  });
});

describe("encryption keys", { timeout: 60_000 }, () => {
  it("checks the passphrase, refuses to unload a mounted key, and cannot mount without the key", () => {
    const keyFile = machine.path("key");
    writeFileSync(keyFile, "correct horse\n");
    writeFileSync(machine.path("short"), "short\n");
    const encrypted = ["-o", "encryption=aes-256-gcm", "-o", "keyformat=passphrase"];
    expect(
      machine.zfs("create", ...encrypted, "-o", `keylocation=file://${machine.path("short")}`, "src/e2"),
    ).toMatchObject({
      status: 1,
      stderr: "cannot create 'src/e2': Passphrase too short (min 8).\n",
    });
    machine.ok("create", ...encrypted, "-o", `keylocation=file://${keyFile}`, "src/e");
    expect(machine.ok("get", "-H", "-o", "value", "keylocation,keystatus,mounted", "src/e")).toBe(
      `file://${keyFile}\navailable\nyes\n`,
    );
    expect(machine.zfs("unload-key", "src/e")).toMatchObject({
      status: 255,
      stderr: "Key unload error: 'src/e' is busy.\n",
    });
    machine.ok("unmount", "src/e");
    machine.ok("unload-key", "src/e");
    expect(machine.zfs("mount", "src/e")).toMatchObject({
      status: 1,
      stderr: "cannot mount 'src/e': encryption key not loaded\n",
    });
    writeFileSync(machine.path("wrong"), "not the passphrase\n");
    expect(machine.zfs("load-key", "-L", `file://${machine.path("wrong")}`, "src/e")).toMatchObject({
      status: 255,
      stderr: "Key load error: Incorrect key provided for 'src/e'.\n",
    });
    machine.ok("load-key", "src/e");
    expect(machine.zfs("load-key", "src/e")).toMatchObject({
      status: 255,
      stderr: "Key load error: Key already loaded for 'src/e'.\n",
    });
  });

  it("checks the sender's passphrase on a raw-received copy on another machine, whose keylocation is prompt", () => {
    const keyFile = machine.path("key-raw");
    writeFileSync(keyFile, "correct horse\n");
    writeFileSync(machine.path("wrong-raw"), "not the passphrase\n");
    const encrypted = ["-o", "encryption=on", "-o", "keyformat=passphrase"];
    machine.ok("create", ...encrypted, "-o", `keylocation=file://${keyFile}`, "src/raw");
    machine.ok("snapshot", "-o", "zrelay:job=nightly", "src/raw@s1");
    const offsite = emulatorMachine();
    try {
      expect(offsite.zfsWithInput(machine.send("-w", "src/raw@s1"), "receive", "-u", "dst/raw").status).toBe(
        0,
      );
      expect(offsite.ok("get", "-H", "-o", "value", "keylocation,keystatus", "dst/raw")).toBe(
        "prompt\nunavailable\n",
      );
      // A plain receive brings no snapshot properties (no -p).
      expect(offsite.ok("get", "-H", "-o", "value", "zrelay:job", "dst/raw@s1")).toBe("-\n");
      expect(machine.ok("get", "-H", "-o", "value", "zrelay:job", "src/raw@s1")).toBe("nightly\n");
      expect(offsite.zfs("load-key", "-L", `file://${machine.path("wrong-raw")}`, "dst/raw")).toMatchObject({
        status: 255,
        stderr: "Key load error: Incorrect key provided for 'dst/raw'.\n",
      });
      offsite.ok("load-key", "-L", `file://${keyFile}`, "dst/raw");
    } finally {
      offsite.dispose();
    }
  });
});

describe("the state directory", { timeout: 60_000 }, () => {
  it("says what to do when ZRELAY_FAKE_ZFS_ROOT is not set", () => {
    const { ZRELAY_FAKE_ZFS_ROOT: _unset, ...env } = machine.env;
    const result = spawnSync("zfs", ["list"], { env });
    expect(result.status).toBe(2);
    expect(result.stderr.toString()).toMatch(/^zfs emulator: ZRELAY_FAKE_ZFS_ROOT is not set/);
  });

  it("breaks a lock left by a process that died, and lists pools", () => {
    writeFileSync(machine.path("state.lock"), "2147483646 left-by-a-dead-process");
    expect(machine.zpool("list", "-H", "-o", "name")).toMatchObject({ status: 0, stdout: "dst\nsrc\n" });
    expect(existsSync(machine.path("state.lock"))).toBe(false);
  });

  it("prints a version that says it is emulated", () => {
    expect(machine.ok("version")).toBe("zfs-2.3.2-emulated\nzfs-kmod-2.3.2-emulated\n");
  });
});
