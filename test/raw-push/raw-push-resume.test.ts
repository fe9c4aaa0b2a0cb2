import { decodeResumeToken, ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { createPushWorld, outcomes, PREFIX, push, recordingRequests, snapshotSeries } from "./push-world.js";

const MiB = 1024 * 1024;

describe("an interrupted raw push", () => {
  it("leaves a raw resume token and is resumed raw on the next run", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, `${PREFIX}/host-storage`, ["weekly-1"], 2 * MiB);
    const source = recordingRequests(world.backup);
    const recorded = { backup: source.endpoint, offsite: world.offsite };
    world.backup.injectFaults({ sendFailsAfterBytes: MiB / 2 });

    const first = await push(recorded, [`${PREFIX}/host-storage`], { targetRoot: "offsite" });

    expect(outcomes(first.report)).toEqual(["offsite/host-storage failed"]);
    expect(first.report.datasets[0]).toMatchObject({
      error: { code: ErrorCode.TRANSFER_INTERRUPTED, retryable: true },
    });
    const partial = world.offsiteZfs.dataset("offsite/host-storage");
    expect(partial).toMatchObject({ encryption: "aes-256-gcm", keyStatus: "unavailable" });
    const token = decodeResumeToken(partial.resumeToken ?? "");
    expect(token).toMatchObject({ raw: true, toName: `${PREFIX}/host-storage@weekly-1` });

    const second = await push(recorded, [`${PREFIX}/host-storage`], { targetRoot: "offsite" });

    expect(outcomes(second.report)).toEqual(["offsite/host-storage replicated"]);
    const steps = second.events.flatMap((e) => (e.kind === "step-start" ? [e.step] : []));
    expect(steps).toMatchObject([{ kind: "resume", raw: true }]);
    expect(source.sends.at(-1)).toEqual({
      snapshot: `${PREFIX}/host-storage@weekly-1`,
      resumeToken: token.token,
      raw: true,
    });
    const resumed = second.report.datasets[0];
    if (resumed?.outcome !== "replicated") throw new Error("not replicated");
    expect(resumed.bytes).toBeLessThan(2 * MiB);
    expect(world.offsiteZfs.dataset("offsite/host-storage")).toMatchObject({
      encryption: "aes-256-gcm",
      keyStatus: "unavailable",
      encryptionRoot: "offsite/host-storage",
      resumeToken: undefined,
    });
    expect(second.report.summaries[0]).toMatchObject({ encryptionRoot: "offsite/host-storage" });
  });

  it("resumes an interrupted raw incremental from the snapshot that arrived whole", async () => {
    const world = createPushWorld();
    const dataset = `${PREFIX}/host-storage`;
    snapshotSeries(world.backupZfs, dataset, ["h1"], 256 * 1024);
    await push(world, [dataset], { targetRoot: "offsite" });
    snapshotSeries(world.backupZfs, dataset, ["h2", "h3"]);
    // Each snapshot carries 256 KiB: h2 arrives whole, then the stream stops inside h3.
    world.backup.injectFaults({ sendFailsAfterBytes: 256 * 1024 + 128 * 1024 });

    const first = await push(world, [dataset], { targetRoot: "offsite" });
    expect(outcomes(first.report)).toEqual(["offsite/host-storage failed"]);
    const token = decodeResumeToken(world.offsiteZfs.dataset("offsite/host-storage").resumeToken ?? "");
    expect(token).toMatchObject({ raw: true, toName: `${dataset}@h3` });

    const second = await push(world, [dataset], { targetRoot: "offsite" });

    expect(outcomes(second.report)).toEqual(["offsite/host-storage replicated"]);
    const steps = second.events.flatMap((e) => (e.kind === "step-start" ? [e.step] : []));
    expect(steps).toMatchObject([{ kind: "resume", raw: true, snapshot: { name: "h3" } }]);
    const arrived = world.offsiteZfs.listSnapshots("offsite/host-storage").map((s) => s.name);
    expect(arrived).toEqual(["h1", "h2", "h3"]);
  });
});
