import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, resultOf, untilProgress } from "./cli-sandbox.js";

// A 64 MiB stream paced at 1 MiB/s keeps a run busy for a minute: long enough to
// start a second run against it and to interrupt it. Each step waits for bytes
// to have reached the receive (never for a fixed time): a step that has only
// started may not have received anything yet, and leaves no resume token.
const SLOW_SYNC = ["sync", "tank/big", "backup/big", "--bwlimit", "1M"];
/** Well past the stream's headers, and more than the pipes between zrelay and the receive hold. */
const MID_TRANSFER_BYTES = 1024 * 1024;

describe("a running zrelay: lock contention and SIGINT, through the zfs emulator", {
  timeout: 120_000,
}, () => {
  let box: CliSandbox;
  beforeEach(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-o", `zrelay:fake-stream-bytes=${64 * 1024 * 1024}`, "tank/big");
    await box.zfs("snapshot", "tank/big@daily-1");
  });
  afterEach(() => box.dispose());

  it("a second run exits 3 naming the first one's PID; SIGINT stops the first with 130, resumable and unlocked", async () => {
    const first = box.start(...SLOW_SYNC, "--json");
    await untilProgress(first, MID_TRANSFER_BYTES);

    const second = await box.zrelay(...SLOW_SYNC, "--quiet");
    expect(second.code).toBe(3);
    expect(second.stdout).toEqual([]);
    expect(second.stderr[0]).toMatch(
      new RegExp(
        `^🚨 Another zrelay run holds the lock of target localhost backup/big \\(PID ${first.pid}, started \\S+\\)\\.$`,
      ),
    );

    first.kill("SIGINT");
    const interrupted = resultOf(await first);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr[0]).toBe("🚨 received SIGINT: stopping; interrupted receives stay resumable");
    const lastEvent = JSON.parse(interrupted.stdout.at(-1) ?? "{}");
    expect(lastEvent).toMatchObject({ event: "summary", replicated: 0, failed: 1 });
    expect(readdirSync(box.lockDir)).toEqual([]);

    const plan = await box.zrelay("plan", "sync", "tank/big", "backup/big");
    expect(plan.stdout).toContain("*   resume the interrupted receive of @daily-1");
  });

  it("a config job's run and an ad-hoc run exclude each other on nested targets, not on siblings", async () => {
    const config = join(box.root, "zrelay.yaml");
    writeFileSync(
      config,
      "jobs:\n  nightly:\n    kind: sync\n    from: tank/big\n    to: backup/big\n    bwlimit: 1M\n",
    );
    const nightly = box.start("run", "--config", config, "--json");
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      nightly.stdout?.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('"event":"step"') && seen.includes('"kind":"full"')) resolve();
      });
      nightly.once("exit", () => reject(new Error(`the nightly run ended early:\n${seen}`)));
    });

    await box.zfs("create", "tank/small");
    await box.zfs("snapshot", "tank/small@daily-1");
    for (const into of ["backup/big", "backup/big/small"]) {
      const byHand = await box.zrelay("sync", "tank/small", into, "--quiet");
      expect(byHand.code).toBe(3);
      const overlap = into === "backup/big" ? "" : `, which overlaps target localhost ${into}`;
      expect(byHand.stderr[0]).toMatch(
        new RegExp(
          `^🚨 Another zrelay run holds the lock of target localhost backup/big \\(PID ${nightly.pid}, started \\S+\\)${overlap}\\.$`,
        ),
      );
    }
    expect(await box.zrelay("sync", "tank/small", "backup/small", "--quiet")).toEqual({
      code: 0,
      stdout: [],
      stderr: [],
    });
    expect(await box.snapshots("backup/small")).toEqual(["backup/small@daily-1"]);

    nightly.kill("SIGINT");
    expect(resultOf(await nightly).code).toBe(130);
    expect(readdirSync(box.lockDir)).toEqual([]);
  });
});
