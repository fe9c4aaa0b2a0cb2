import { ErrorCode } from "@zrelay/core";
import { assert, expect } from "vitest";
import { behaviour } from "./conformance-behaviour.js";
import { expectFailure } from "./conformance-expect.js";
import { DATA_FILE, expectDataFile, into, replicate, snapshotSeries } from "./conformance-setup.js";
import { transfer } from "./conformance-transfer.js";
import type { ConformanceWorld } from "./conformance-world.js";
import { datasetOf, historyOf } from "./point-history.js";

export const encryptionBehaviours = [
  behaviour({
    id: "raw-send-encrypted",
    title:
      "a raw send of an encrypted dataset arrives encrypted, key unavailable, as its own encryption root, readable only after loadKey",
    requires: ["raw"],
    async run(w) {
      const source = `${w.sourceRoot}/secret`;
      const target = `${w.targetRoot}/secret`;
      const contents = await snapshotSeries(w, source, ["s1"], { encrypted: true });
      await replicate(w, { snapshot: `${source}@s1`, raw: true }, into(target));
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      await expectLocked(w, target, `${target}@s1`);
      await w.loadKey(target);
      expect((await datasetOf(w.endpoint, target))?.keyStatus).toBe("available");
      await expectDataFile(w, `${target}@s1`, contents.get("s1"));
    },
  }),
  behaviour({
    id: "raw-incremental-encrypted",
    title: "a raw incremental send onto a raw-received target brings every snapshot and keeps it encrypted",
    requires: ["raw"],
    async run(w) {
      const source = `${w.sourceRoot}/secret`;
      const target = `${w.targetRoot}/secret`;
      const contents = await snapshotSeries(w, source, ["s1", "s2", "s3"], { encrypted: true });
      await replicate(w, { snapshot: `${source}@s1`, raw: true }, into(target));
      await replicate(
        w,
        { snapshot: `${source}@s3`, from: `${source}@s1`, intermediates: true, raw: true },
        into(target),
      );
      expect(await historyOf(w.endpoint, target)).toEqual(await historyOf(w.endpoint, source));
      await expectLocked(w, target, `${target}@s3`);
      await w.loadKey(target);
      await expectDataFile(w, `${target}@s2`, contents.get("s2"));
      await expectDataFile(w, `${target}@s3`, contents.get("s3"));
    },
  }),
  behaviour({
    id: "non-raw-send-key-not-loaded",
    title:
      "a non-raw send of an encrypted dataset whose key is not loaded fails with KEY_NOT_LOADED and nothing arrives",
    requires: ["unloadKey"],
    async run(w) {
      const source = `${w.sourceRoot}/secret`;
      const target = `${w.targetRoot}/secret`;
      await snapshotSeries(w, source, ["s1"], { encrypted: true });
      await w.unloadKey?.(source);
      const outcome = await transfer(w.endpoint, { snapshot: `${source}@s1`, raw: false }, into(target));
      expectFailure(outcome.send, ErrorCode.KEY_NOT_LOADED, `non-raw send of ${source}@s1`, source);
      expect(await w.endpoint.listDatasets(target)).toEqual([]);
    },
  }),
];

/** The received dataset is encrypted with its own root, its key not loaded, and its files unreadable. */
async function expectLocked(w: ConformanceWorld, target: string, snapshot: string): Promise<void> {
  const received = await datasetOf(w.endpoint, target);
  expect(
    received && {
      encryption: received.encryption,
      encryptionRoot: received.encryptionRoot,
      keyStatus: received.keyStatus,
    },
  ).toEqual({ encryption: "aes-256-gcm", encryptionRoot: target, keyStatus: "unavailable" });
  expect(await w.property(target, "keystatus")).toBe("unavailable");
  const [read] = await Promise.allSettled([w.readFile(snapshot, DATA_FILE)]);
  if (read.status === "fulfilled" && read.value !== undefined) {
    assert.fail(`${DATA_FILE} in ${snapshot} was readable although its key was never loaded`);
  }
}
