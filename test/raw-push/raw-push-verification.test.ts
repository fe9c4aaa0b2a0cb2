import { ErrorCode, type ZfsEndpoint } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import {
  createPushWorld,
  ENCRYPTED,
  outcomes,
  PREFIX,
  push,
  recordingRequests,
  snapshotSeries,
  snapshotsOf,
} from "./push-world.js";

const DATA = `${PREFIX}/host-storage`;

/** A broken source adapter that drops `-w`: what the checks after each receive are for. */
function decryptingSource(endpoint: ZfsEndpoint): ZfsEndpoint {
  return { ...endpoint, send: (request, sink) => endpoint.send({ ...request, raw: false }, sink) };
}

describe("reading back what arrived on the untrusted host", () => {
  it("fails loudly when an encrypted source arrived unencrypted, and sends nothing more", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1", "h2"]);

    const { report, events } = await push(
      { backup: decryptingSource(world.backup), offsite: world.offsite },
      [DATA],
      {
        targetRoot: "offsite",
      },
    );

    expect(outcomes(report)).toEqual(["offsite/host-storage failed"]);
    const failure = report.datasets[0];
    expect(failure).toMatchObject({
      error: {
        code: ErrorCode.TARGET_NOT_ENCRYPTED,
        host: "backup@offsite.example.org",
        dataset: "offsite/host-storage",
        hint: expect.stringContaining("zfs destroy -r offsite/host-storage"),
      },
    });
    expect(failure).toHaveProperty(
      "error.message",
      expect.stringContaining(
        "offsite/host-storage arrived on backup@offsite.example.org unencrypted (encryption=off), " +
          `but its source ${DATA} on localhost is encrypted: backup@offsite.example.org can read it.`,
      ),
    );
    expect(
      events.filter((e) => e.kind === "step-start").map((e) => e.kind === "step-start" && e.step.kind),
    ).toEqual(["full"]);
    expect((await snapshotsOf(world.offsite, "offsite/host-storage")).map((s) => s.name)).toEqual(["h1"]);
    expect(report.summaries[0]).toMatchObject({ bookmark: undefined, encryptionRoot: undefined });
  });

  it("fails loudly when a copy arrived with its key loaded offsite (re-encrypted under the host's own key)", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1"]);
    world.offsiteZfs.createDataset("offsite/enc", { properties: ENCRYPTED });

    const { report } = await push(
      { backup: decryptingSource(world.backup), offsite: world.offsite },
      [DATA],
      {
        targetRoot: "offsite/enc",
      },
    );

    expect(report.datasets[0]).toMatchObject({
      outcome: "failed",
      error: {
        code: ErrorCode.KEY_EXPOSED,
        message: expect.stringContaining(
          "The key of offsite/enc/host-storage (encryption root offsite/enc) is loaded on backup@offsite.example.org",
        ),
      },
    });
  });

  it("refuses to push to a copy whose key was loaded offsite, before sending anything", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1"]);
    await push(world, [DATA], { targetRoot: "offsite" });
    world.offsiteZfs.loadKey("offsite/host-storage");
    snapshotSeries(world.backupZfs, DATA, ["h2"]);
    const source = recordingRequests(world.backup);

    const { report } = await push({ backup: source.endpoint, offsite: world.offsite }, [DATA], {
      targetRoot: "offsite",
    });

    expect(report.datasets[0]).toMatchObject({
      outcome: "failed",
      error: {
        code: ErrorCode.KEY_EXPOSED,
        message:
          "The key of offsite/host-storage (encryption root offsite/host-storage) is loaded on " +
          "backup@offsite.example.org (keystatus=available): backup@offsite.example.org can read it, " +
          "so zrelay will not push to it.",
        hint: expect.stringContaining("zfs unload-key offsite/host-storage"),
      },
    });
    expect(source.sends).toEqual([]);
  });

  it("refuses to push onto a copy that is already unencrypted", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, DATA, ["h1"]);
    await push({ backup: decryptingSource(world.backup), offsite: world.offsite }, [DATA], {
      targetRoot: "offsite",
    });
    snapshotSeries(world.backupZfs, DATA, ["h2"]);

    const { report } = await push(world, [DATA], { targetRoot: "offsite" });

    expect(report.datasets[0]).toMatchObject({
      outcome: "failed",
      error: {
        code: ErrorCode.TARGET_NOT_ENCRYPTED,
        message: expect.stringContaining(
          "offsite/host-storage already exists on backup@offsite.example.org unencrypted",
        ),
      },
    });
  });
});
