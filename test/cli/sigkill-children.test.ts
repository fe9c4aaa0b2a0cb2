import { basename } from "node:path";
import type { ResultPromise } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";
import {
  bytesWritten,
  descendantsOf,
  killLeftovers,
  type SeenProcess,
  untilDescendant,
  untilGone,
} from "./process-tree.js";
import { type SshRemote, snapshotGuids, startSshRemote } from "./ssh-remote.js";

// Big enough that the transfer is still under way when the first progress event
// has written 64 MiB (the emulator streams about 1 GiB/s on an idle core), small enough to
// resume to the end quickly. Without --bwlimit the stream's pipe goes from
// process to process, never through zrelay: its death closes none of it.
const STREAM_BYTES = 2 * 1024 ** 3;

/** The `zfs send` process once it has written `bytes` (its stream is flowing). */
const sendingZfs = (bytes: number) => (process: SeenProcess) =>
  basename(process.argv[1] ?? "") === "zfs" &&
  process.argv[2] === "send" &&
  bytesWritten(process.pid) >= bytes;

/** The zfs and ssh processes among `processes` (argv names the binary; not sshd, not a shell). */
function zfsAndSsh(processes: readonly SeenProcess[]): SeenProcess[] {
  return processes.filter((process) => process.argv.some((arg) => ["zfs", "ssh"].includes(basename(arg))));
}

/**
 * SIGKILLs the run once the `zfs send` under `senderAncestor` has written 64 MiB
 * (the stream is flowing end to end), noting first every zfs and ssh process
 * under the run and under `senderAncestor`.
 */
async function killMidTransfer(run: ResultPromise, senderAncestor: number) {
  const exited = new Promise<"exited">((resolve) => run.once("exit", () => resolve("exited")));
  const sending = untilDescendant(senderAncestor, sendingZfs(64 * 1024 ** 2), 60_000);
  if ((await Promise.race([sending, exited])) === "exited")
    throw new Error("the run ended before its stream flowed");
  const seen = [...descendantsOf(run.pid as number), ...descendantsOf(senderAncestor)];
  const started = zfsAndSsh(seen.filter((p, i) => seen.findIndex((q) => q.pid === p.pid) === i));
  run.kill("SIGKILL");
  await run;
  return { started, survivors: await untilGone(started, 2000) };
}

describe("SIGKILL of zrelay mid-transfer ends the zfs and ssh processes it started", {
  timeout: 120_000,
}, () => {
  let box: CliSandbox;
  let leftovers: SeenProcess[] = [];
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "backup");
  });
  afterEach(() => {
    killLeftovers(leftovers);
    leftovers = [];
    box.dispose();
  });

  it("local sync: zfs send and zfs receive die with it, and the next run resumes from the token", async () => {
    await box.zpool("create", "tank");
    await box.zfs("create", "-o", `zrelay:fake-stream-bytes=${STREAM_BYTES}`, "tank/big");
    await box.zfs("snapshot", "tank/big@daily-1");
    const run = box.start("sync", "tank/big", "backup/big", "--json");
    const { started, survivors } = await killMidTransfer(run, run.pid as number);
    leftovers = started;
    expect(started.map((process) => process.argv.slice(2, 3)).sort()).toEqual([["receive"], ["send"]]);
    expect(survivors).toEqual([]);

    expect(await box.zfs("get", "-H", "-o", "value", "receive_resume_token", "backup/big")).toMatch(/^1-/);
    const next = await box.zrelay("sync", "tank/big", "backup/big", "--json");
    expect(next.code).toBe(0);
    expect(next.stdout.map((line) => JSON.parse(line)).find((e) => e.event === "step")).toMatchObject({
      kind: "resume",
    });
    expect(await box.snapshots("backup/big")).toEqual(["backup/big@daily-1"]);
  });

  describe("pull over the loopback sshd", () => {
    let remote: SshRemote;
    beforeEach(async () => {
      remote = await startSshRemote(["tank"]);
      Object.assign(box.env, remote.clientEnv);
      await remote.zfs("create", "-o", `zrelay:fake-stream-bytes=${STREAM_BYTES}`, "tank/big");
      await remote.zfs("snapshot", "tank/big@daily-1");
    });
    afterEach(async () => {
      killLeftovers(leftovers);
      await remote.stop();
    });

    it("the local ssh and zfs receive and the remote zfs send die with it; the next pull resumes", async () => {
      const pull = ["pull", ...remote.connection, "--dest", "backup/hs", "tank/big"];
      const run = box.start(...pull, "--json");
      // The remote zfs send runs under the test's sshd, which this test process started.
      const { started, survivors } = await killMidTransfer(run, process.pid);
      leftovers = started;
      const names = started.map((p) => `${basename(p.argv[1] ?? "")} ${p.argv[2] ?? ""}`.trim());
      expect(names).toEqual(expect.arrayContaining(["zfs receive", "zfs send"]));
      expect(started.some((p) => basename(p.argv[0] ?? "") === "ssh")).toBe(true);
      expect(survivors).toEqual([]);

      const next = await box.zrelay(...pull, "--json");
      expect(next.code).toBe(0);
      expect(next.stdout.map((line) => JSON.parse(line)).find((e) => e.event === "step")).toMatchObject({
        kind: "resume",
      });
      const guid = (line: string) => line.replace(/^\S+@/, "@");
      expect((await snapshotGuids(box.zfs, "backup/hs/tank/big")).map(guid)).toEqual(
        (await remote.snapshotGuids("tank/big")).map(guid),
      );
    });
  });
});
