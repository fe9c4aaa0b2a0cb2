import { takeSnapshots, timedSnapshotName } from "@zrelay/core";
import { ExitCode, reportFailure } from "../cli/exit-codes.js";
import type { EndpointFactory, OpenEndpoint } from "../endpoints/endpoint-factory.js";
import type { HostSpec } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";
import type { ProcessInfo } from "../system/process-info.js";

/** What `zrelay snapshot` asks for. */
export interface SnapshotRequest {
  /** Where the datasets are; no host for this machine. */
  readonly side: HostSpec;
  /** Datasets; each with every descendant but the excluded ones. */
  readonly datasets: readonly string[];
  readonly exclude: readonly string[];
  /** Names are `<prefix>_<UTC time>`. */
  readonly prefix: string;
  readonly dryRun: boolean;
  readonly acceptNewHostKey: boolean;
}

/**
 * `zrelay snapshot`: one snapshot `<prefix>_<UTC time>` of every dataset named and
 * its descendants (excluded ones left out), one atomic `zfs snapshot` per pool, the
 * time read once. Exit 1 when a root is missing or a pool's snapshot failed.
 */
export class SnapshotCommand {
  readonly #endpoints: EndpointFactory;
  readonly #process: ProcessInfo;

  constructor(endpoints: EndpointFactory, process: ProcessInfo) {
    this.#endpoints = endpoints;
    this.#process = process;
  }

  async run(request: SnapshotRequest, reporter: RunReporter): Promise<ExitCode> {
    let opened: OpenEndpoint | undefined;
    try {
      opened = await this.#endpoints.open({
        side: request.side,
        role: "source",
        acceptNewHostKey: request.acceptNewHostKey,
        onCommand: (host, command) => reporter.debug(`${host}: ${command}`),
      });
      const { endpoint } = opened;
      const name = timedSnapshotName(request.prefix, this.#process.now());
      const taken = await takeSnapshots({
        endpoint,
        roots: request.datasets,
        excludes: request.exclude,
        name,
        dryRun: request.dryRun,
      });
      let exit: ExitCode = ExitCode.OK;
      for (const missing of taken.missingRoots) {
        reporter.failure(missing);
        exit = ExitCode.FAILED;
      }
      for (const existing of taken.existing) reporter.info(`${existing} on ${endpoint.host} exists already`);
      for (const pool of taken.pools) {
        const count = `${pool.snapshots.length} dataset${pool.snapshots.length === 1 ? "" : "s"}`;
        if (pool.error !== undefined) {
          reporter.failure(pool.error);
          exit = ExitCode.FAILED;
          continue;
        }
        const verb = request.dryRun ? "would snapshot" : "snapshot";
        reporter.info(`${pool.pool} on ${endpoint.host}: ${verb} @${name} of ${count}`);
        for (const snapshot of pool.snapshots) reporter.debug(snapshot);
      }
      return exit;
    } catch (error) {
      return reportFailure(error, reporter);
    } finally {
      await opened?.close().catch(() => undefined);
    }
  }
}
