import type { Dataset } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { restoreKeysPlan } from "./restore-keys-plan.js";

type Listed = Pick<Dataset, "name" | "encryption" | "encryptionRoot" | "keyStatus">;

const plain = (name: string): Listed => ({
  name,
  encryption: "off",
  encryptionRoot: undefined,
  keyStatus: "none",
});
const encrypted = (name: string, root = name, keyStatus: Dataset["keyStatus"] = "unavailable"): Listed => ({
  name,
  encryption: "aes-256-gcm",
  encryptionRoot: root,
  keyStatus,
});

describe("restoreKeysPlan", () => {
  it("loads one key per encryption root, ancestors first, skipping what is not encrypted", () => {
    const steps = restoreKeysPlan([
      plain("offsite"),
      plain("offsite/host-storage"),
      encrypted("offsite/host-storage/tank"),
      encrypted("offsite/host-storage/tank/data"),
      encrypted("offsite/host-storage/tank/data/sub", "offsite/host-storage/tank/data"),
      encrypted("offsite/host-storage/tank/my home"),
    ]);

    expect(steps).toEqual([
      {
        encryptionRoot: "offsite/host-storage/tank",
        datasets: ["offsite/host-storage/tank"],
        loaded: false,
        argv: ["zfs", "load-key", "offsite/host-storage/tank"],
        commandLine: "zfs load-key offsite/host-storage/tank",
      },
      {
        encryptionRoot: "offsite/host-storage/tank/data",
        datasets: ["offsite/host-storage/tank/data", "offsite/host-storage/tank/data/sub"],
        loaded: false,
        argv: ["zfs", "load-key", "offsite/host-storage/tank/data"],
        commandLine: "zfs load-key offsite/host-storage/tank/data",
      },
      {
        encryptionRoot: "offsite/host-storage/tank/my home",
        datasets: ["offsite/host-storage/tank/my home"],
        loaded: false,
        argv: ["zfs", "load-key", "offsite/host-storage/tank/my home"],
        commandLine: "zfs load-key 'offsite/host-storage/tank/my home'",
      },
    ]);
  });

  it("orders by depth even when the listing does not, and marks loaded keys", () => {
    const steps = restoreKeysPlan([
      encrypted("a/b/c"),
      encrypted("a/b", "a/b", "available"),
      encrypted("a/x"),
    ]);

    expect(steps.map((step) => [step.encryptionRoot, step.loaded])).toEqual([
      ["a/b", true],
      ["a/x", false],
      ["a/b/c", false],
    ]);
  });

  it("includes a root above the listing that a listed dataset inherits from", () => {
    const steps = restoreKeysPlan([encrypted("pool/enc/child", "pool/enc")]);

    expect(steps.map((step) => [step.encryptionRoot, step.datasets])).toEqual([
      ["pool/enc", ["pool/enc/child"]],
    ]);
  });

  it("passes a key location with -L to every step, and the zfs command given", () => {
    const [step] = restoreKeysPlan([encrypted("dst/a")], {
      keyLocation: "file:///root/backup key",
      zfsCommand: "/usr/sbin/zfs",
    });

    expect(step?.argv).toEqual(["/usr/sbin/zfs", "load-key", "-L", "file:///root/backup key", "dst/a"]);
    expect(step?.commandLine).toBe("/usr/sbin/zfs load-key -L 'file:///root/backup key' dst/a");
  });

  it("is empty for an unencrypted tree", () => {
    expect(restoreKeysPlan([plain("dst"), plain("dst/a")])).toEqual([]);
  });
});
