import { readdirSync } from "node:fs";
import { Writable } from "node:stream";
import { forwardEndpoint } from "@zrelay/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const PULL = ["pull", "--host", "host-storage", "--dest", "backup/hs", "tank/data", "-q"];

let cli: ReturnType<typeof createCliHarness>;
let signal: NodeJS.Signals = "SIGINT";

describe("SIGINT and SIGTERM during a run (test container)", () => {
  beforeEach(() => {
    cli = createCliHarness();
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"], 4 * 1024 * 1024);
    snapshotsOn(cli.remoteZfs, "tank/data/child", ["daily-1"]);
    // The signal arrives once a megabyte of the first stream went into the receive.
    cli.wrap("host-storage", (endpoint) =>
      forwardEndpoint(endpoint, {
        send(request, sink) {
          return endpoint.send(request, {
            writable: signalAfter(sink.writable, 1024 * 1024),
            inheritable: false,
          });
        },
      }),
    );
  });
  afterEach(() => cli.cleanup());

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s stops the run, keeps the receive resumable, releases the lock, exits %i",
    async (sent, code) => {
      signal = sent;
      const result = await cli.run(...PULL);

      expect(result.code).toBe(code);
      expect(result.stdout).toEqual([]);
      expect(result.stderr[0]).toBe(`🚨 received ${sent}: stopping; interrupted receives stay resumable`);
      expect(result.stderr).toContain(
        "🚨 tank/data: replication of tank/data into backup/hs/tank/data on localhost was cancelled",
      );
      expect(readdirSync(cli.lockDir)).toEqual([]);
      expect(cli.localZfs.exists("backup/hs/tank/data/child")).toBe(false);
      expect(cli.localZfs.dataset("backup/hs/tank/data").resumeToken).toBeDefined();

      signal = "SIGINT";
      cli.signals.send("SIGINT"); // a stale signal from the last run must not leak into the next
      const again = await cli.run("plan", ...PULL.slice(0, -1));
      expect(again.stdout).toContain("*   resume the interrupted receive of @daily-1");
    },
  );
});

/** Passes writes on to `inner`; once `limit` bytes went through, the test's signal is sent. */
function signalAfter(inner: Writable, limit: number): Writable {
  let written = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const before = written;
      written += chunk.length;
      inner.write(chunk, (error) => {
        if (before < limit && written >= limit) cli.signals.send(signal);
        callback(error);
      });
    },
    final: (callback) => inner.end(callback),
    destroy: (error, callback) => {
      inner.destroy(error ?? undefined);
      callback(error);
    },
  });
}
