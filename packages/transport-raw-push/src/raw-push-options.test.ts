import { ErrorCode } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs } from "@zrelay/testkit";
import { describe, expect, it } from "vitest";
import { resolveRawPushOptions } from "./raw-push-options.js";

const endpoint = (host: string, capabilities = {}) =>
  createFakeEndpoint(new FakeZfs(), { host, capabilities });
const base = () => ({
  source: endpoint("localhost"),
  target: endpoint("backup@offsite.example.org"),
  stripPrefix: "backuppool/encryptedbackups",
});

describe("resolveRawPushOptions", () => {
  it("fills safe defaults and freezes the result", () => {
    const resolved = resolveRawPushOptions(base());

    expect(resolved).toMatchObject({
      targetRoot: undefined,
      allowUnencrypted: false,
      chain: { bookmark: true, hold: false, tag: "backup-offsite.example.org" },
    });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.chain)).toBe(true);
  });

  it.each([
    ["a bad prefix", { stripPrefix: "/backuppool" }, ErrorCode.INVALID_NAME],
    ["a bad target root", { targetRoot: "offsite/" }, ErrorCode.INVALID_NAME],
    ["a chain tag with _", { chain: { tag: "off_site" } }, ErrorCode.USAGE],
    ["a source without raw sends", { source: endpoint("localhost", { raw: false }) }, ErrorCode.UNSUPPORTED],
    [
      "a target without resumable receives",
      { target: endpoint("offsite", { resume: false }) },
      ErrorCode.UNSUPPORTED,
    ],
    [
      "bookmarks on a source without them",
      { source: endpoint("localhost", { bookmarks: false }) },
      ErrorCode.UNSUPPORTED,
    ],
    [
      "holds on a source without them",
      { source: endpoint("localhost", { holds: false }), chain: { hold: true } },
      ErrorCode.UNSUPPORTED,
    ],
  ])("refuses %s", (_title, override, code) => {
    expect(() => resolveRawPushOptions({ ...base(), ...override })).toThrow(
      expect.objectContaining({ code }),
    );
  });
});
