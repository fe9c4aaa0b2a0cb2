import { randomBytes } from "node:crypto";
import { ErrorCode, isZrelayError, type ZfsEndpoint } from "@zrelay/core";
import { createEmulatorHost, PAYLOAD_BYTES_PROPERTY, startTestSshd, type TestSshd } from "@zrelay/testkit";
import { type ConformanceWorld, createEmulatorWorld } from "@zrelay/testkit/conformance";
import { createLocalEndpoint } from "@zrelay/zfs-local";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pausingSink } from "./pausing-sink.fixture.js";
import { createSshEndpoint, type SshEndpoint } from "./ssh-endpoint.js";
import { testSshdOptions } from "./test-sshd-options.fixture.js";

// A transfer whose SSH connection is killed mid-stream fails with a retryable
// error, leaves a resume token, and the next run (new endpoints, new
// connection) resumes from it: pulling from the SSH host and pushing to it.
// 16 MiB of payload per snapshot, cut a quarter of the way in: the cut lies in the payload
// (as in file data on real ZFS, where a resume token is saved), and the 12 MiB after it are
// far more than the pipes, sshd's buffer, the SSH window and the client's stream hold
// (about 4 MiB together), so the remote zfs is still writing when its session is killed.
const host = createEmulatorHost({ poolProperties: { [PAYLOAD_BYTES_PROPERTY]: String(16 * 1024 * 1024) } });
let sshd: TestSshd;
const FILE = randomBytes(64 * 1024);
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  sshd = await startTestSshd({
    pathPrefix: [host.binDirectory],
    env: { ZRELAY_FAKE_ZFS_ROOT: host.env.ZRELAY_FAKE_ZFS_ROOT as string },
  });
});

afterAll(async () => {
  await sshd?.stop();
  host.dispose();
});

const local = () => createLocalEndpoint({ env: host.env });

/** Sends `snapshot` (or resumes `resumeToken`) from one endpoint into `target` on another. */
async function transfer(
  from: ZfsEndpoint,
  to: ZfsEndpoint,
  snapshot: string,
  target: string,
  resumeToken?: string,
) {
  const receive = to.receive({ dataset: target, resumable: true });
  const send = from.send(
    { snapshot, raw: false, ...(resumeToken === undefined ? {} : { resumeToken }) },
    receive.sink,
  );
  await Promise.all([send.done, receive.done]);
}

/** A run cut by killing the SSH session running `killed`; resolves with how each side failed. */
async function cutRun(
  from: ZfsEndpoint,
  to: ZfsEndpoint,
  snapshot: string,
  target: string,
  killed: "send" | "receive",
) {
  const length = (await from.estimateSendSize({ snapshot, raw: false })) ?? FILE.length;
  const receive = to.receive({ dataset: target, resumable: true });
  const pausing = pausingSink(receive.sink, Math.floor(length / 4));
  const send = from.send({ snapshot, raw: false }, pausing.sink);
  const outcome = Promise.allSettled([send.done, receive.done]);
  await pausing.paused;
  // The remote zfs (the emulator: `node …/bin/zfs receive … TARGET`), or the shell about to run it.
  const name = killed === "send" ? snapshot : target;
  const running = (line: string) => line.includes("zfs") && line.includes(killed) && line.includes(name);
  // The process table can lag the stream on a loaded machine: wait until it shows the command.
  await vi.waitFor(
    () => expect(sshd.connections().filter((c) => c.commands.some(running))).toHaveLength(1),
    POLL,
  );
  expect(await sshd.killConnections(running)).toBe(1);
  pausing.release();
  const [sent, received] = await outcome;
  return { sent, received };
}

const reason = (settled: PromiseSettledResult<unknown>) =>
  settled.status === "rejected" ? settled.reason : undefined;

describe.each(["openssh", "ssh2"] as const)(
  "the next run resumes after a mid-stream kill (%s data path)",
  (dataPath) => {
    let world: ConformanceWorld;
    const endpoints: SshEndpoint[] = [];
    const sshEndpoint = () => {
      const endpoint = createSshEndpoint(testSshdOptions(sshd, { dataPath }));
      endpoints.push(endpoint);
      return endpoint;
    };

    beforeAll(async () => {
      world = await createEmulatorWorld({ endpoint: local(), host });
      await world.createDataset(`${world.sourceRoot}/data`);
      await world.writeFile(`${world.sourceRoot}/data`, "big.bin", FILE);
      await world.snapshot(`${world.sourceRoot}/data@s1`);
    });

    afterAll(async () => {
      await world?.dispose();
    });

    it.each([
      ["pull", "send"],
      ["push", "receive"],
    ] as const)("%s: killing the session running zfs %s", async (direction, killed) => {
      const snapshot = `${world.sourceRoot}/data@s1`;
      const target = `${world.targetRoot}/${direction}`;
      const firstRun = sshEndpoint();
      const [from, to] = direction === "pull" ? [firstRun, local()] : [local(), firstRun];
      const { sent, received } = await cutRun(from, to, snapshot, target, killed);
      const interrupted = reason(direction === "pull" ? sent : received);
      expect(isZrelayError(interrupted, ErrorCode.TRANSFER_INTERRUPTED), String(interrupted)).toBe(true);
      expect((interrupted as { retryable: boolean }).retryable).toBe(true);
      expect((interrupted as Error).message).toContain(`127.0.0.1:${sshd.port}`);
      expect(received.status).toBe("rejected");

      const nextRun = sshEndpoint();
      const [nextFrom, nextTo] = direction === "pull" ? [nextRun, local()] : [local(), nextRun];
      const [partial] = await nextTo.listDatasets(target);
      expect(partial?.resumeToken).toMatch(/^1-/);
      await transfer(nextFrom, nextTo, snapshot, target, partial?.resumeToken);
      const [source] = await nextFrom.listSnapshots(`${world.sourceRoot}/data`);
      const arrived = await nextTo.listSnapshots(target);
      expect(arrived.map((point) => [point.dataset, point.name, point.guid])).toEqual([
        [target, "s1", source?.guid],
      ]);
      expect(Buffer.from((await world.readFile(`${target}@s1`, "big.bin")) ?? [])).toEqual(FILE);
      expect((await nextTo.listDatasets(target))[0]?.resumeToken).toBeUndefined();
      // Nothing hangs: once the endpoints are closed, sshd serves no session and runs no command.
      await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
      await expect.poll(() => sshd.connections(), POLL).toEqual([]);
    });
  },
);
