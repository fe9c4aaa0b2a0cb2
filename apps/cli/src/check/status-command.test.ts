import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, forwardEndpoint, ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { createCliHarness, snapshotsOn } from "../testing/cli-harness.fixture.js";

const CONFIG = `
jobs:
  pull-data:
    kind: pull
    from: host-storage
    datasets: [tank/data]
    dest: backup/hs
`;

describe("zrelay status in the test container", () => {
  const directory = mkdtempSync(join(tmpdir(), "zrelay-status-"));
  const config = join(directory, "zrelay.yaml");
  writeFileSync(config, CONFIG);

  /** A pull that worked, then a run while host-storage refused connections. */
  async function afterHostDown(terminal: boolean) {
    const cli = createCliHarness({ terminal });
    snapshotsOn(cli.remoteZfs, "tank/data", ["daily-1"]);
    await cli.run("run", "--config", config, "-q");
    cli.wrap("host-storage", (endpoint) => {
      const refuse = () =>
        Promise.reject(
          new ZrelayError(ErrorCode.CONNECTION_FAILED, "cannot connect to host-storage: refused"),
        );
      return forwardEndpoint(endpoint, { listDatasets: refuse, listSnapshots: refuse });
    });
    await cli.run("run", "--config", config, "-q");
    return cli;
  }

  it("colours the problems on a terminal, and nothing off it", async () => {
    const onTerminal = await afterHostDown(true);
    const piped = await afterHostDown(false);
    try {
      const coloured = await onTerminal.run("status", "--config", config);
      const plain = await piped.run("status", "--config", config);
      // Fresh, but its last run failed: WARNING, exit 1, in yellow on a terminal only.
      expect(coloured.code).toBe(1);
      expect(coloured.stdout[2]).toBe(
        "\u001b[33mWARN  tank/data  backup/hs/tank/data      0s      0s  failed just now\u001b[39m",
      );
      expect(plain.stdout).toEqual([
        "      SOURCE     TARGET                  AGE     LAG  LAST RUN",
        "pull-data (pull host-storage → localhost): last run just now, failed: cannot connect to host-storag…",
        "WARN  tank/data  backup/hs/tank/data      0s      0s  failed just now",
        "      last run just now failed: cannot connect to host-storage: refused",
      ]);
      expect(plain.stdout.join("")).not.toContain("\u001b[");
    } finally {
      onTerminal.cleanup();
      piped.cleanup();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
