import { ErrorCode, isZrelayError, type ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { ScriptedCommandRunner, type ScriptedReply } from "./scripted-command-runner.fixture.js";
import { createZfsCommandEndpoint } from "./zfs-command-endpoint.js";

function endpointWith(respond: (argv: readonly string[]) => ScriptedReply = () => ({})) {
  const runner = new ScriptedCommandRunner(respond);
  return { runner, endpoint: createZfsCommandEndpoint(runner, { zfsCommand: "/usr/sbin/zfs" }) };
}

async function rejection(promise: Promise<unknown>): Promise<ZrelayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isZrelayError(error)) throw new Error(`expected a ZrelayError, got ${String(error)}`);
  return error;
}

const missing = (name: string): ScriptedReply => ({
  exitCode: 1,
  stderr: `cannot open '${name}': dataset does not exist\n`,
});

describe("createZfsCommandEndpoint", () => {
  it("claims every capability by default, and the options can take some away", () => {
    const runner = new ScriptedCommandRunner();
    expect(createZfsCommandEndpoint(runner).capabilities).toEqual({
      raw: true,
      resume: true,
      bookmarks: true,
      holds: true,
    });
    expect(createZfsCommandEndpoint(runner, { capabilities: { raw: false } }).capabilities.raw).toBe(false);
    expect(createZfsCommandEndpoint(runner).host).toBe("backup@host-storage");
  });

  it("lists a subtree's datasets with one zfs get", async () => {
    const { runner, endpoint } = endpointWith(() => ({
      stdout: "src/with space\ttype\tfilesystem\nsrc/with space\tguid\t18446744073709551557\n",
    }));
    const datasets = await endpoint.listDatasets("src/with space");
    expect(runner.calls).toEqual([
      [
        "/usr/sbin/zfs",
        "get",
        "-H",
        "-p",
        "-o",
        "name,property,value",
        "-r",
        "-t",
        "filesystem,volume",
        "type,guid,encryption,encryptionroot,keystatus,canmount,receive_resume_token,written",
        "src/with space",
      ],
    ]);
    expect(datasets.map((d) => [d.name, d.guid])).toEqual([["src/with space", 18446744073709551557n]]);
  });

  it("lists an absent root as empty", async () => {
    const { endpoint } = endpointWith(() => missing("dst/x"));
    expect(await endpoint.listDatasets("dst/x")).toEqual([]);
    expect(await endpoint.listSnapshots("dst/x")).toEqual([]);
  });

  it("lists every snapshot and bookmark of a subtree with one zfs list", async () => {
    const { runner, endpoint } = endpointWith(() => ({
      stdout: "src@b\t9007199254740993\t20\t2\t1\nsrc#a\t1\t10\t1\t-\nsrc@a\t1\t10\t1\t0\n",
    }));
    const points = await endpoint.listSnapshots("src");
    expect(runner.calls).toEqual([
      [
        "/usr/sbin/zfs",
        "list",
        "-H",
        "-p",
        "-o",
        "name,guid,createtxg,creation,userrefs",
        "-t",
        "snapshot,bookmark",
        "-r",
        "src",
      ],
    ]);
    expect(points.map((p) => [`${p.kind} ${p.name}`, p.guid, "userrefs" in p ? p.userrefs : "none"])).toEqual(
      [
        ["snapshot a", 1n, 0],
        ["bookmark a", 1n, "none"],
        ["snapshot b", 9007199254740993n, 1],
      ],
    );
  });

  it("destroys a dataset's snapshots in one zfs destroy, and runs nothing for none", async () => {
    const { runner, endpoint } = endpointWith(() => ({}));
    await endpoint.destroySnapshots("src/data", []);
    await endpoint.destroySnapshots("src/data", ["a", "b c", "d"]);
    expect(runner.calls).toEqual([["/usr/sbin/zfs", "destroy", "src/data@a,b c,d"]]);
  });

  it("counts snapshots already gone as destroyed", async () => {
    const { endpoint } = endpointWith(() => ({
      exitCode: 1,
      stderr: "could not find any snapshots to destroy; check snapshot names.\n",
    }));
    await expect(endpoint.destroySnapshots("src/data", ["a"])).resolves.toBeUndefined();
  });

  it("maps a failed listing and names the host", async () => {
    const { endpoint } = endpointWith(() => ({ exitCode: 127, stderr: "zfs: command not found\n" }));
    const error = await rejection(endpoint.listDatasets("src"));
    expect(error.code).toBe(ErrorCode.ZFS_NOT_INSTALLED);
    expect(error.message).toContain("listing src on backup@host-storage failed");
  });

  it("turns unreadable output into COMMAND_FAILED naming the command", async () => {
    const { endpoint } = endpointWith(() => ({ stdout: "garbage\n" }));
    const error = await rejection(endpoint.listSnapshots("src"));
    expect(error.code).toBe(ErrorCode.COMMAND_FAILED);
    expect(error.message).toContain("could not read the output of `/usr/sbin/zfs list -H -p");
  });

  it.each([
    ["a name starting with -", "-rf"],
    ["a snapshot where a dataset is expected", "src@a"],
    ["an empty name", ""],
  ])("refuses %s before running anything", async (_what, name) => {
    const { runner, endpoint } = endpointWith();
    expect((await rejection(endpoint.listDatasets(name))).code).toBe(ErrorCode.INVALID_NAME);
    expect(runner.calls).toEqual([]);
  });

  it.each([
    [{ snapshot: "src@b", raw: true }, ["-w", "src@b"]],
    [{ snapshot: "src@b", raw: false }, ["-L", "-e", "-c", "src@b"]],
    [{ snapshot: "src@c", from: "src@a", intermediates: true, raw: true }, ["-w", "-I", "src@a", "src@c"]],
    [
      { snapshot: "src@c", from: "src#a", intermediates: false, raw: false },
      ["-L", "-e", "-c", "-i", "src#a", "src@c"],
    ],
    [{ snapshot: "src@c", resumeToken: "1-e604ea4bf-e0-789c63", raw: true }, ["-t", "1-e604ea4bf-e0-789c63"]],
  ])("estimates %j with zfs send -n -P", async (request, flags) => {
    const { runner, endpoint } = endpointWith(() => ({ stdout: "full\tsrc@b\t1234\nsize\t1234\n" }));
    expect(await endpoint.estimateSendSize(request)).toBe(1234);
    expect(runner.calls).toEqual([["/usr/sbin/zfs", "send", "-n", "-P", ...flags]]);
  });

  it("refuses -I from a bookmark before running anything", async () => {
    const { runner, endpoint } = endpointWith();
    const request = { snapshot: "src@c", from: "src#a", intermediates: true, raw: true };
    expect((await rejection(endpoint.estimateSendSize(request))).code).toBe(ErrorCode.UNSUPPORTED);
    expect(runner.calls).toEqual([]);
  });

  it("creates only the missing ancestors, top down, with canmount=off and without -p", async () => {
    const { runner, endpoint } = endpointWith((argv) =>
      argv[1] === "list"
        ? {
            exitCode: 1,
            stdout: "dst\n",
            stderr:
              "cannot open 'dst/hosts': dataset does not exist\ncannot open 'dst/hosts/web 1': dataset does not exist\n",
          }
        : {},
    );
    await endpoint.createParents("dst/hosts/web 1/data", { properties: { compression: "zstd" } });
    expect(runner.calls).toEqual([
      [
        "/usr/sbin/zfs",
        "list",
        "-H",
        "-o",
        "name",
        "-t",
        "filesystem,volume",
        "dst",
        "dst/hosts",
        "dst/hosts/web 1",
      ],
      ["/usr/sbin/zfs", "create", "-o", "canmount=off", "-o", "compression=zstd", "dst/hosts"],
      ["/usr/sbin/zfs", "create", "-o", "canmount=off", "-o", "compression=zstd", "dst/hosts/web 1"],
    ]);
  });

  it("lets the caller's canmount win, and creates nothing when every ancestor exists", async () => {
    const { runner, endpoint } = endpointWith((argv) =>
      argv[1] === "list" ? { stdout: "dst\ndst/a\n" } : {},
    );
    await endpoint.createParents("dst/a/b", { properties: { canmount: "noauto" } });
    expect(runner.calls.slice(1)).toEqual([]);
    await endpoint.createParents("dst", undefined);
    expect(runner.calls).toHaveLength(1);
  });

  it("tolerates an ancestor created meanwhile, and reports a missing pool", async () => {
    const { runner, endpoint } = endpointWith((argv) =>
      argv[1] === "list"
        ? { exitCode: 1, stdout: "dst\n", stderr: "cannot open 'dst/a': dataset does not exist\n" }
        : { exitCode: 1, stderr: "cannot create 'dst/a': dataset already exists\n" },
    );
    await endpoint.createParents("dst/a/b", undefined);
    expect(runner.calls).toHaveLength(2);

    const noPool = endpointWith(() => ({
      exitCode: 1,
      stderr:
        "cannot open 'nopool': dataset does not exist\ncannot open 'nopool/a': dataset does not exist\n",
    }));
    const error = await rejection(noPool.endpoint.createParents("nopool/a/b", undefined));
    expect(error.code).toBe(ErrorCode.DATASET_NOT_FOUND);
    expect(error.message).toBe(
      "create of the parents of nopool/a/b on backup@host-storage failed: pool nopool does not exist",
    );
    expect(noPool.runner.calls).toHaveLength(1);
  });

  it("explains a denied create with the exact zfs allow", async () => {
    const { endpoint } = endpointWith((argv) =>
      argv[1] === "list"
        ? { exitCode: 1, stdout: "dst\n", stderr: "cannot open 'dst/a': dataset does not exist\n" }
        : { exitCode: 1, stderr: "cannot create 'dst/a': permission denied\n" },
    );
    const error = await rejection(endpoint.createParents("dst/a/b", undefined));
    expect(error.code).toBe(ErrorCode.PERMISSION_DENIED);
    expect(error.hint).toBe(
      "Grant the permissions as root on backup@host-storage: zfs allow backup create,mount,canmount dst",
    );
  });

  it("holds, lists holds and releases, treating repeats as done", async () => {
    const { runner, endpoint } = endpointWith((argv) => {
      if (argv[1] === "holds") return { stdout: "src@a\tzrelay\tThu Jan  1 00:00 2026\n" };
      if (argv[1] === "hold")
        return { exitCode: 1, stderr: "cannot hold snapshot 'src@a': tag already exists on this dataset\n" };
      return {
        exitCode: 1,
        stderr: "cannot release hold from snapshot 'src@a': no such tag on this dataset\n",
      };
    });
    await endpoint.hold("src@a", "zrelay");
    expect(await endpoint.holds("src@a")).toEqual(["zrelay"]);
    await endpoint.release("src@a", "zrelay");
    expect(runner.calls).toEqual([
      ["/usr/sbin/zfs", "hold", "zrelay", "src@a"],
      ["/usr/sbin/zfs", "holds", "-H", "src@a"],
      ["/usr/sbin/zfs", "release", "zrelay", "src@a"],
    ]);
  });

  it("refuses a hold tag that zfs would read as an option", async () => {
    const { runner, endpoint } = endpointWith();
    expect((await rejection(endpoint.hold("src@a", "-r"))).code).toBe(ErrorCode.INVALID_NAME);
    expect(runner.calls).toEqual([]);
  });

  it("bookmarks, rolls back and destroys with the exact argv", async () => {
    const { runner, endpoint } = endpointWith();
    await endpoint.bookmark("src@a", "src#a");
    await endpoint.rollback("src@a");
    await endpoint.destroy("src@a");
    await endpoint.destroy("src#a");
    await endpoint.abortResumableReceive("dst/x");
    expect(runner.calls).toEqual([
      ["/usr/sbin/zfs", "bookmark", "src@a", "src#a"],
      ["/usr/sbin/zfs", "rollback", "-r", "src@a"],
      ["/usr/sbin/zfs", "destroy", "src@a"],
      ["/usr/sbin/zfs", "destroy", "src#a"],
      ["/usr/sbin/zfs", "receive", "-A", "dst/x"],
    ]);
  });

  it("treats discarding an absent partial receive as done", async () => {
    const { endpoint } = endpointWith(() => ({
      exitCode: 1,
      stderr: "'dst/x' does not have any resumable receive state to abort\n",
    }));
    await expect(endpoint.abortResumableReceive("dst/x")).resolves.toBeUndefined();
  });

  it.each([
    ["a dataset", "src", /never a dataset/],
    ["a snapshot list", "src@a,b", /not allowed/],
    ["a snapshot range", "src@a%b", /temporary clones/],
  ])("refuses to destroy %s without running anything", async (_what, name, message) => {
    const { runner, endpoint } = endpointWith();
    const error = await rejection(endpoint.destroy(name));
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toMatch(message);
    expect(runner.calls).toEqual([]);
  });

  it("reports a held snapshot with the holds to look at", async () => {
    const { endpoint } = endpointWith(() => ({
      exitCode: 1,
      stderr: "cannot destroy snapshot src@a: it's being held. Run 'zfs holds -r src@a' to see holders.\n",
    }));
    const error = await rejection(endpoint.destroy("src@a"));
    expect(error.code).toBe(ErrorCode.SNAPSHOT_HELD);
    expect(error.message).toContain("destroy of src@a on backup@host-storage failed");
    expect(error.hint).toContain("zfs holds src@a");
  });

  it("refuses a bookmark in another dataset", async () => {
    const { runner, endpoint } = endpointWith();
    expect((await rejection(endpoint.bookmark("src@a", "other#a"))).code).toBe(ErrorCode.INVALID_NAME);
    expect(runner.calls).toEqual([]);
  });
});
