import { PolicyName, policyReference } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { policyWording } from "./policy-wording.js";

describe("policies in hints, as the user of a run spells them", () => {
  const every = Object.values(PolicyName)
    .map((policy) => policyReference(policy))
    .join(" | ");

  it("a command-line run: flags", () => {
    expect(policyWording("command-line")(every)).toBe(
      "--allow-rollback | --force | --exclude | --allow-unencrypted | --identity | --ssh-data-path | --accept-new-host-key | --sudo | --zfs-path or --remote-zfs-path",
    );
    expect(policyWording("command-line")(`choose ${policyReference("sshDataPath", "ssh2")}`)).toBe(
      "choose --ssh-data-path ssh2",
    );
  });

  it("a config-file run: the keys to write, switches with their value", () => {
    expect(policyWording("config")(every)).toBe(
      "allow-rollback: true | force: true | exclude: | allow-unencrypted: true | identity: | ssh-data-path: | accept-new-host-key: true | sudo: true | zfs-path:",
    );
    expect(policyWording("config")(`choose ${policyReference("sshDataPath", "ssh2")}`)).toBe(
      "choose ssh-data-path: ssh2",
    );
  });
});
