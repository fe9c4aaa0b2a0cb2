import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ErrorCode } from "@zrelay/core";
import { createFakeEndpoint, encodeStream, FakeZfs } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";
import { createVerifyingTarget } from "./verifying-target-endpoint.js";

const ENCRYPTED = { encryption: "aes-256-gcm", keyformat: "passphrase", keylocation: "prompt" };

function world() {
  const source = new FakeZfs({ guidSeed: 2n ** 53n + 11n });
  source.createPool("backup");
  source.createDataset("backup/enc", { properties: ENCRYPTED });
  source.createDataset("backup/plain");
  source.snapshot("backup/enc@a");
  source.snapshot("backup/plain@a");
  const offsite = new FakeZfs({ guidSeed: 2n ** 53n + 13n });
  offsite.createPool("offsite");
  const endpoint = createFakeEndpoint(offsite, { host: "offsite" });
  const receives: unknown[] = [];
  const recording = {
    ...endpoint,
    receive: (request: Parameters<typeof endpoint.receive>[0]) => {
      receives.push(request);
      return endpoint.receive(request);
    },
  };
  return { source, offsite, endpoint: recording, receives };
}

/** Receives `snapshot` from the source model into `dataset` through `target`. */
async function receive(
  target: ReturnType<typeof createVerifyingTarget>,
  source: FakeZfs,
  snapshot: string,
  dataset: string,
  raw: boolean,
) {
  const handle = target.receive({ dataset, resumable: false });
  const records = source.planSend({ snapshot, raw });
  await pipeline(Readable.from(encodeStream(records)), handle.sink.writable);
  return handle.done;
}

describe("createVerifyingTarget", () => {
  it("receives resumably and resolves once the copy is read back encrypted with its key unloaded", async () => {
    const { source, endpoint, receives } = world();
    const verified: string[] = [];
    const target = createVerifyingTarget(endpoint, {
      expectationFor: () => undefined,
      onVerified: (dataset) =>
        verified.push(`${dataset.name} ${dataset.encryptionRoot} ${dataset.keyStatus}`),
    });

    await receive(target, source, "backup/enc@a", "offsite/enc", true);

    expect(receives).toEqual([{ dataset: "offsite/enc", resumable: true }]);
    expect(verified).toEqual(["offsite/enc offsite/enc unavailable"]);
  });

  it("holds a receive nobody planned to the strictest rule: it must arrive encrypted", async () => {
    const { source, endpoint } = world();
    const target = createVerifyingTarget(endpoint, { expectationFor: () => undefined });

    await expect(receive(target, source, "backup/plain@a", "offsite/plain", true)).rejects.toMatchObject({
      code: ErrorCode.TARGET_NOT_ENCRYPTED,
      message:
        "offsite/plain arrived on offsite unencrypted (encryption=off), but only encrypted data may be " +
        "pushed there: offsite can read it. zrelay stopped pushing to it.",
    });
  });

  it("accepts an unencrypted copy where the expectation allows it", async () => {
    const { source, endpoint } = world();
    const target = createVerifyingTarget(endpoint, {
      expectationFor: () => ({ source: { dataset: "backup/plain", host: "localhost" }, encrypted: false }),
    });

    await expect(receive(target, source, "backup/plain@a", "offsite/plain", true)).resolves.toBeUndefined();
  });

  it("creates parents with canmount=off whatever it is asked", async () => {
    const { offsite, endpoint } = world();
    const target = createVerifyingTarget(endpoint, { expectationFor: () => undefined });

    await target.createParents("offsite/a/b/c", { properties: { canmount: "on", "zrelay:note": "x" } });

    expect(offsite.listDatasets("offsite/a").map((d) => [d.name, d.canmount])).toEqual([
      ["offsite/a", "off"],
      ["offsite/a/b", "off"],
    ]);
  });
});
