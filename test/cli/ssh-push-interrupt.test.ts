import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUPS, createBackupServer, PULLED, pushArguments } from "./backup-server.js";
import { type CliSandbox, createCliSandbox, resultOf, untilProgress, withoutTimings } from "./cli-sandbox.js";
import { type SshRemote, snapshotGuids, startSshRemote } from "./ssh-remote.js";

const OFFSITE = "offsite/zrelay";
const MEDIA = `${PULLED}/tank/media`;
const MEDIA_COPY = `${OFFSITE}/host-storage/tank/media`;
const STREAM_BYTES = 48 * 1024 * 1024;

// A 48 MiB snapshot paced at 1 MiB/s keeps the push busy for most of a minute: the
// test stops it with SIGTERM as soon as bytes are flowing (never after a fixed time).
describe("an interrupted zrelay push over SSH resumes on the next run", { timeout: 120_000 }, () => {
  let remote: SshRemote;
  let box: CliSandbox;
  let push: string[];

  beforeAll(async () => {
    remote = await startSshRemote(["offsite"]);
    await remote.zfs("create", OFFSITE);
    box = createCliSandbox();
    Object.assign(box.env, remote.clientEnv);
    await createBackupServer(box);
    await box.zfs("create", "-p", "-o", `zrelay:fake-stream-bytes=${STREAM_BYTES}`, MEDIA);
    await box.zfs("snapshot", `${MEDIA}@weekly-1`);
    push = pushArguments(remote.connection, OFFSITE);
  });
  afterAll(async () => {
    await remote?.stop();
    box?.dispose();
  });

  it("SIGTERM exits 143 leaving a resume token offsite; the next run resumes it raw", async () => {
    const running = box.start(...push, "--bwlimit", "1M", "--json");
    await untilProgress(running, 1);
    running.kill("SIGTERM");
    const interrupted = resultOf(await running);

    expect(interrupted.code).toBe(143);
    expect(interrupted.stderr[0]).toBe("🚨 received SIGTERM: stopping; interrupted receives stay resumable");
    expect(JSON.parse(interrupted.stdout.at(-1) ?? "{}")).toMatchObject({ event: "summary", failed: 1 });
    const partial = await remote.zfs(
      ...["get", "-H", "-o", "property,value", "encryption,keystatus,receive_resume_token", MEDIA_COPY],
    );
    expect(partial.split("\n")).toEqual([
      "encryption\taes-256-gcm",
      "keystatus\tunavailable",
      expect.stringMatching(/^receive_resume_token\t[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+$/),
    ]);

    const plan = await box.zrelay("plan", ...push);
    expect(plan.stdout).toContain(`* ${MEDIA} → ${MEDIA_COPY}:`);
    expect(plan.stdout).toContain("*   resume the interrupted receive of @weekly-1 (raw)");

    const resumed = await box.zrelay(...push, "--debug");
    expect([resumed.code, resumed.stderr]).toEqual([0, []]);
    const told = withoutTimings(resumed.stdout);
    const step = told.indexOf(`ℹ️ ${MEDIA}: step 1/1: resume the interrupted receive of @weekly-1 (raw)`);
    expect(step).toBeGreaterThan(0);
    const [sent] = await snapshotGuids(box.zfs, MEDIA);
    expect(told[step + 1]).toBe(`ℹ️ ${MEDIA}:   @weekly-1 (guid ${sent?.split(" ")[1]})`);
    // The send continues from the token the interrupted receive left, not from the start.
    const send = told.slice(step).find((line) => line.startsWith("ℹ️ localhost: zfs send"));
    expect(send).toMatch(/^ℹ️ localhost: zfs send -t '1-[0-9a-f]+-/);
    expect(told.filter((line) => line.startsWith("* "))).toEqual([
      `* push ${remote.host}: 3 datasets`,
      `* ${PULLED}: skipped (no snapshots on source)`,
      `* ${PULLED}/tank: skipped (no snapshots on source)`,
      expect.stringMatching(new RegExp(`^\\* ${MEDIA}: 1 snapshot, \\d+ MiB in <t>$`)),
      expect.stringMatching(
        /^\* 3 datasets: 1 replicated, 0 up to date, 2 skipped, 0 failed; \d+ MiB in <t>$/,
      ),
    ]);
    expect(await remote.snapshotGuids(MEDIA_COPY)).toEqual(
      (await snapshotGuids(box.zfs, MEDIA)).map((line) => line.replace(`${BACKUPS}/`, `${OFFSITE}/`)),
    );
    expect(await remote.zfs("get", "-H", "-o", "value", "receive_resume_token", MEDIA_COPY)).toBe("-");
  });
});
