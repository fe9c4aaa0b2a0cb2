import { Writable } from "node:stream";
import { ErrorCode, encodeResumeToken } from "@zrelay/core";
import { createRawPushRoute, type RawPushPlan } from "@zrelay/transport-raw-push";
import { describe, expect, it } from "vitest";
import {
  createPushWorld,
  ENCRYPTED,
  outcomes,
  PREFIX,
  planInputs,
  push,
  seedHostTree,
  snapshotSeries,
} from "./push-world.js";

const nullSink = () => ({
  writable: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
  inheritable: false,
});

describe("what a push to an untrusted host refuses", () => {
  it("refuses an unencrypted source, naming it and its host, and skips what lies below it", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, "backuppool/plain/host-a", ["daily-1"]);
    world.backupZfs.createDataset("backuppool/plain/host-a/enc", { properties: ENCRYPTED });
    snapshotSeries(world.backupZfs, "backuppool/plain/host-a/enc", ["daily-1"]);

    const { report, events } = await push(world, ["backuppool/plain/host-a"], {
      stripPrefix: "backuppool/plain",
      targetRoot: "offsite",
    });

    expect(outcomes(report)).toEqual(["offsite/host-a failed", "offsite/host-a/enc skipped"]);
    expect(report.datasets[0]).toMatchObject({
      error: {
        code: ErrorCode.SOURCE_NOT_ENCRYPTED,
        host: "localhost",
        dataset: "backuppool/plain/host-a",
        message:
          "backuppool/plain/host-a on localhost is not encrypted; pushing it would store it readable on backup@offsite.example.org.",
      },
    });
    expect(report.datasets[0]).toHaveProperty("error.hint", expect.stringContaining("{{allowUnencrypted}}"));
    expect(report.datasets[1]).toMatchObject({ reason: "parent offsite/host-a was refused" });
    expect(events.map((e) => e.kind)).toEqual(["dataset-failed", "dataset-skipped"]);
    expect(world.offsiteZfs.listDatasets("offsite").map((d) => d.name)).toEqual(["offsite"]);
    expect(report.totals).toMatchObject({ failed: 1, skipped: 1, replicated: 0 });
  });

  it("skips, without refusing, the unencrypted containers a pull leaves above its encrypted copies", async () => {
    const world = createPushWorld();
    world.backupZfs.createDataset("backuppool/plain/host-a/tank", {
      parents: true,
      properties: { canmount: "off" },
    });
    world.backupZfs.createDataset("backuppool/plain/host-a/tank/enc", { properties: ENCRYPTED });
    snapshotSeries(world.backupZfs, "backuppool/plain/host-a/tank/enc", ["daily-1"]);

    const { report } = await push(world, ["backuppool/plain/host-a"], {
      stripPrefix: "backuppool/plain",
      targetRoot: "offsite",
    });

    expect(outcomes(report)).toEqual([
      "offsite/host-a skipped",
      "offsite/host-a/tank skipped",
      "offsite/host-a/tank/enc replicated",
    ]);
    expect(world.offsiteZfs.getProperty("offsite/host-a/tank/enc", "keystatus").value).toBe("unavailable");
    expect(report.totals).toMatchObject({ failed: 0, replicated: 1 });
  });

  it("with --allow-unencrypted pushes it raw and warns on every run", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, "backuppool/plain/host-a", ["daily-1"]);
    const options = { stripPrefix: "backuppool/plain", targetRoot: "offsite", allowUnencrypted: true };

    const first = await push(world, ["backuppool/plain/host-a"], options);
    const second = await push(world, ["backuppool/plain/host-a"], options);

    expect(outcomes(first.report)).toEqual(["offsite/host-a replicated"]);
    expect(outcomes(second.report)).toEqual(["offsite/host-a up-to-date"]);
    const warning = {
      level: "warning",
      dataset: "backuppool/plain/host-a",
      host: "localhost",
      message:
        "backuppool/plain/host-a on localhost is not encrypted; it is pushed raw but stays readable on backup@offsite.example.org ({{allowUnencrypted}})",
    };
    expect(first.notices.filter((n) => n.level === "warning")).toEqual([warning]);
    expect(second.notices.filter((n) => n.level === "warning")).toEqual([warning]);
    expect(world.offsiteZfs.dataset("offsite/host-a")).toMatchObject({
      encryption: "off",
      keyStatus: "none",
    });
    expect(first.report.summaries[0]).toMatchObject({ encryption: "off", encryptionRoot: undefined });
  });

  it("refuses a source outside the prefix instead of passing its name through", async () => {
    const world = createPushWorld();
    snapshotSeries(world.backupZfs, "backuppool/elsewhere", ["daily-1"]);
    const route = createRawPushRoute({ source: world.backup, target: world.offsite, stripPrefix: PREFIX });

    expect(() => route.mapSources([`${PREFIX}/host-storage`, "backuppool/elsewhere"])).toThrow(
      expect.objectContaining({
        code: ErrorCode.MAPPING_OUTSIDE_PREFIX,
        host: "localhost",
        dataset: "backuppool/elsewhere",
        message:
          'Dataset "backuppool/elsewhere" is not under the prefix to strip "backuppool/encryptedbackups".',
      }),
    );
    expect(() => route.targetFor("backuppool/encryptedbackupsx/a")).toThrow(
      expect.objectContaining({ code: ErrorCode.MAPPING_OUTSIDE_PREFIX }),
    );
  });

  it("refuses a dataset whose target is the empty unencrypted placeholder made for its children", async () => {
    const world = createPushWorld();
    const root = seedHostTree(world);
    await push(world, [`${root}/tank/data`], { targetRoot: "offsite" });

    const { report } = await push(world, [`${root}/tank`], { targetRoot: "offsite" });

    expect(outcomes(report)).toEqual([
      "offsite/host-storage/tank failed",
      "offsite/host-storage/tank/data skipped",
      "offsite/host-storage/tank/home skipped",
    ]);
    expect(report.datasets[0]).toMatchObject({
      error: {
        code: ErrorCode.CONFLICT_TARGET_NOT_EMPTY,
        message:
          "offsite/host-storage/tank exists on backup@offsite.example.org as an empty unencrypted dataset " +
          `(a placeholder for its children), and ZFS cannot receive the encrypted ${root}/tank from localhost ` +
          "over it, not even with -F.",
      },
    });
  });

  describe("a non-raw send is impossible", () => {
    it("the source endpoint refuses a request for a non-raw stream", async () => {
      const world = createPushWorld();
      const root = seedHostTree(world);
      const route = createRawPushRoute({ source: world.backup, target: world.offsite, stripPrefix: PREFIX });

      const snapshot = `${root}@weekly-1`;
      expect(() => route.source.send({ snapshot, raw: false }, nullSink())).toThrow(
        "refusing a non-raw send for backuppool/encryptedbackups/host-storage@weekly-1 on localhost: " +
          "a push to an untrusted host only ever sends raw (zfs send -w)",
      );
      await expect(route.source.estimateSendSize({ snapshot, raw: false })).rejects.toMatchObject({
        code: ErrorCode.COMMAND_FAILED,
      });
    });

    it("the source endpoint refuses to resume a stream that was not raw", () => {
      const world = createPushWorld();
      const route = createRawPushRoute({ source: world.backup, target: world.offsite, stripPrefix: PREFIX });
      const token = encodeResumeToken({
        toName: `${PREFIX}/host-storage@weekly-1`,
        toGuid: 2n ** 60n,
        bytes: 4096n,
        raw: false,
      });

      expect(() =>
        route.source.send(
          { snapshot: `${PREFIX}/host-storage@weekly-1`, resumeToken: token, raw: true },
          nullSink(),
        ),
      ).toThrow(`refusing resuming the non-raw stream of ${PREFIX}/host-storage@weekly-1`);
    });

    it("a run refuses a plan with a non-raw step before anything moves", async () => {
      const world = createPushWorld();
      const root = seedHostTree(world);
      const route = createRawPushRoute({ source: world.backup, target: world.offsite, stripPrefix: PREFIX });
      const [input] = await planInputs(route, [root]);
      if (input === undefined) throw new Error("nothing listed");
      const plan = route.planDataset(input);
      if (plan.outcome !== "replicate") throw new Error("expected a push");
      const decrypted: RawPushPlan = {
        ...plan,
        steps: plan.steps.map((step) => (step.kind === "full" ? { ...step, raw: false } : step)),
      };

      await expect(route.executeRun([decrypted])).rejects.toMatchObject({
        code: ErrorCode.COMMAND_FAILED,
        message: expect.stringContaining(
          "refusing a non-raw full step for backuppool/encryptedbackups/host-storage",
        ),
      });
      expect(world.offsiteZfs.listDatasets("offsite").map((d) => d.name)).toEqual(["offsite"]);
    });

    it("the route's policy cannot be talked out of raw", () => {
      const world = createPushWorld();
      const route = createRawPushRoute({
        source: world.backup,
        target: world.offsite,
        stripPrefix: PREFIX,
        // Not in the option's type; a caller forcing it anyway changes nothing.
        policy: { allowDecrypt: true, alwaysRaw: false, resumable: false } as object,
      });

      expect(route.policy).toMatchObject({ alwaysRaw: true, allowDecrypt: false, resumable: true });
      expect(Object.isFrozen(route.policy)).toBe(true);
    });
  });
});
