import { describe, expect, it } from "vitest";
import { chainBookmarkName, chainHoldTag, chainTagViolation, defaultChainTag } from "./chain-names.js";

describe("chain names", () => {
  it.each([
    ["backup@offsite.example.org", "backup-offsite.example.org"],
    ["offsite", "offsite"],
    ["user_name@host:2222", "user-name-host:2222"],
    ["[::1]", "-::1-"],
  ])("derives the tag of host %s as %s", (host, tag) => {
    expect(defaultChainTag(host)).toBe(tag);
    expect(chainTagViolation(tag)).toBeUndefined();
  });

  it.each([
    ["", "is empty"],
    ["a_b", 'may only contain letters, digits, "-", "." and ":"'],
    ["with space", 'may only contain letters, digits, "-", "." and ":"'],
    ["x".repeat(65), "is longer than 64 characters"],
  ])("refuses the tag %j", (tag, violation) => {
    expect(chainTagViolation(tag)).toBe(violation);
  });

  it("names the bookmark after the route and the snapshot, spaces included", () => {
    expect(chainBookmarkName("tank/my data", "daily 1", "vault")).toBe("tank/my data#zrelay_vault_daily 1");
    expect(chainHoldTag("vault")).toBe("zrelay:push:vault");
  });

  it("gives no bookmark name when it would exceed ZFS's 255 characters", () => {
    expect(chainBookmarkName(`tank/${"d".repeat(200)}`, "s".repeat(40), "vault")).toBeUndefined();
  });
});
