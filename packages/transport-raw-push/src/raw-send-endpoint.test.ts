import { Writable } from "node:stream";
import { ErrorCode, type SendRequest } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";
import { createRawSendEndpoint } from "./raw-send-endpoint.js";

function world() {
  const zfs = new FakeZfs({ guidSeed: 2n ** 53n + 7n });
  zfs.createPool("backup");
  zfs.createDataset("backup/enc", {
    properties: { encryption: "aes-256-gcm", keyformat: "passphrase", keylocation: "prompt" },
  });
  zfs.snapshot("backup/enc@a");
  zfs.snapshot("backup/enc@b");
  const endpoint = createFakeEndpoint(zfs, { host: "localhost" });
  const requests: SendRequest[] = [];
  const recording = {
    ...endpoint,
    send: (request: SendRequest, sink: Parameters<typeof endpoint.send>[1]) => {
      requests.push(request);
      return endpoint.send(request, sink);
    },
  };
  return { zfs, raw: createRawSendEndpoint(recording), requests };
}

const sink = () => ({
  writable: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
  inheritable: false,
});

describe("createRawSendEndpoint", () => {
  it.each<[string, SendRequest, SendRequest]>([
    ["a full send", { snapshot: "backup/enc@a", raw: true }, { snapshot: "backup/enc@a", raw: true }],
    [
      "an incremental",
      { snapshot: "backup/enc@b", from: "backup/enc@a", intermediates: true, raw: true },
      { snapshot: "backup/enc@b", from: "backup/enc@a", intermediates: true, raw: true },
    ],
    [
      "an incremental without intermediates given",
      { snapshot: "backup/enc@b", from: "backup/enc@a", raw: true },
      { snapshot: "backup/enc@b", from: "backup/enc@a", intermediates: false, raw: true },
    ],
  ])("hands on %s rebuilt, raw", async (_title, request, expected) => {
    const { raw, requests } = world();
    const handle = raw.send(request, sink());
    await handle.done;
    expect(requests).toEqual([expected]);
  });

  it("refuses a non-raw request without reaching the wrapped endpoint", () => {
    const { raw, requests } = world();
    expect(() => raw.send({ snapshot: "backup/enc@a", raw: false }, sink())).toThrow(
      expect.objectContaining({ code: ErrorCode.COMMAND_FAILED, dataset: "backup/enc@a", host: "localhost" }),
    );
    expect(requests).toEqual([]);
  });

  it("refuses a corrupt resume token as RESUME_INVALID", () => {
    const { raw } = world();
    expect(() =>
      raw.send({ snapshot: "backup/enc@a", resumeToken: "1-abc-10-00", raw: true }, sink()),
    ).toThrow(expect.objectContaining({ code: ErrorCode.RESUME_INVALID }));
  });

  it("passes everything else straight through", async () => {
    const { raw, zfs } = world();
    await raw.bookmark("backup/enc@b", "backup/enc#b");
    expect(zfs.exists("backup/enc#b")).toBe(true);
    expect((await raw.listDatasets("backup")).map((d) => d.name)).toEqual(["backup", "backup/enc"]);
    expect(raw.host).toBe("localhost");
  });
});
