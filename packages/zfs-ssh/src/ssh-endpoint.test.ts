import { ErrorCode, isZrelayError } from "@zrelay/core";
import { startTestSshd, type TestSshd } from "@zrelay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSshEndpoint } from "./ssh-endpoint.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

const POLL = { timeout: 20_000 };
let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startTestSshd();
});

afterAll(async () => {
  await sshd?.stop();
});

describe("createSshEndpoint", () => {
  it("connects on first use, keeps one connection, and close() ends it", async () => {
    const endpoint = createSshEndpoint(testSshdOptions(sshd, { zfsCommand: "zrelay-no-such-zfs" }));
    expect(Object.isFrozen(endpoint)).toBe(true);
    expect(endpoint.host).toBe(`${sshd.user}@127.0.0.1`);
    expect(sshd.connections()).toEqual([]);
    await Promise.allSettled([endpoint.listDatasets("tank"), endpoint.listSnapshots("tank")]);
    expect(sshd.connections()).toHaveLength(1);
    await endpoint.close();
    await expect.poll(() => sshd.connections(), POLL).toEqual([]);
  });

  it("reports a zfs missing on the remote PATH as ZFS_NOT_INSTALLED, with the remote shell's words", async () => {
    const endpoint = createSshEndpoint(testSshdOptions(sshd, { zfsCommand: "zrelay-no-such-zfs" }));
    const error = await endpoint.listDatasets("tank").then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await endpoint.close();
    expect(isZrelayError(error, ErrorCode.ZFS_NOT_INSTALLED)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^listing tank on ${sshd.user}@127\\.0\\.0\\.1 failed: the zfs command could not be run \\(.*zrelay-no-such-zfs.*not found\\)$`,
      ),
    );
  });
});
