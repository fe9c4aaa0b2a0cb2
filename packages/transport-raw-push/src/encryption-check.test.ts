import { type Dataset, ErrorCode } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { checkSourceEncryption, checkTargetEncryption } from "./encryption-check.js";

const hosts = { source: "localhost", target: "offsite" };
const source = { dataset: "backup/enc/a", host: "localhost" };

type Listed = Pick<Dataset, "name" | "encryption" | "encryptionRoot" | "keyStatus">;
const copy = (encryption: string, keyStatus: Dataset["keyStatus"], encryptionRoot?: string): Listed => ({
  name: "dst/a",
  encryption,
  encryptionRoot,
  keyStatus,
});

describe("checkSourceEncryption", () => {
  it("passes an encrypted source", () => {
    expect(checkSourceEncryption({ name: "backup/enc/a", encryption: "aes-256-gcm" }, hosts, false)).toEqual({
      kind: "encrypted",
    });
  });

  it("refuses an unencrypted one unless allowed, then warns", () => {
    const refused = checkSourceEncryption({ name: "backup/plain", encryption: "off" }, hosts, false);
    expect(refused).toMatchObject({
      kind: "refused",
      error: { code: ErrorCode.SOURCE_NOT_ENCRYPTED, dataset: "backup/plain", host: "localhost" },
    });
    const allowed = checkSourceEncryption({ name: "backup/plain", encryption: "off" }, hosts, true);
    expect(allowed).toEqual({
      kind: "unencrypted-allowed",
      warning:
        "backup/plain on localhost is not encrypted; it is pushed raw but stays readable on offsite ({{allowUnencrypted}})",
    });
  });
});

describe("checkTargetEncryption", () => {
  it.each<[string, Listed, boolean, ErrorCode | undefined]>([
    ["an encrypted copy with its key unloaded", copy("aes-256-gcm", "unavailable", "dst/a"), true, undefined],
    ["one inheriting a pushed parent's key", copy("aes-256-gcm", "unavailable", "dst"), true, undefined],
    ["an unencrypted copy of an encrypted source", copy("off", "none"), true, ErrorCode.TARGET_NOT_ENCRYPTED],
    [
      "an encrypted copy whose key is loaded",
      copy("aes-256-gcm", "available", "dst"),
      true,
      ErrorCode.KEY_EXPOSED,
    ],
    ["an unencrypted copy of an allowed unencrypted source", copy("off", "none"), false, undefined],
  ])("%s", (_title, listed, encrypted, code) => {
    const problem = checkTargetEncryption(listed, "offsite", { source, encrypted }, "after");
    expect(problem?.code).toBe(code);
  });

  it("names the encryption root whose key is loaded", () => {
    const problem = checkTargetEncryption(
      copy("aes-256-gcm", "available", "dst"),
      "offsite",
      { source, encrypted: true },
      "before",
    );
    expect(problem?.message).toBe(
      "The key of dst/a (encryption root dst) is loaded on offsite (keystatus=available): offsite can read it, so zrelay will not push to it.",
    );
    expect(problem?.hint).toBe(
      "Unmount whatever is mounted from it and unload it on offsite (zfs unload-key dst), then push again. " +
        "Restore by sending the backup back raw, or load keys only on a machine you trust.",
    );
  });
});
