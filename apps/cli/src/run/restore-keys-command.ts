import { ErrorCode, ZrelayError } from "@zrelay/core";
import { restoreKeysPlan } from "@zrelay/transport-raw-push";
import { ExitCode, reportFailure } from "../cli/exit-codes.js";
import type { EndpointFactory, OpenEndpoint } from "../endpoints/endpoint-factory.js";
import type { HostSpec } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";

/** What `zrelay restore-keys` asks for. */
export interface RestoreKeysRequest {
  /** Where the pushed tree is; no host for this machine. */
  readonly side: HostSpec;
  /** Root of the pushed tree, e.g. `offsite/host-backups/host-storage`. */
  readonly root: string;
  /** `-L` for every `zfs load-key`, e.g. `file:///root/backup.key`. */
  readonly keyLocation?: string | undefined;
  readonly acceptNewHostKey: boolean;
}

/**
 * `zrelay restore-keys`: the `zfs load-key` commands that unlock a raw-pushed tree,
 * one per encryption root, parents first, from one listing. Prints them; runs nothing.
 */
export class RestoreKeysCommand {
  readonly #endpoints: EndpointFactory;

  constructor(endpoints: EndpointFactory) {
    this.#endpoints = endpoints;
  }

  async run(request: RestoreKeysRequest, reporter: RunReporter): Promise<ExitCode> {
    let opened: OpenEndpoint | undefined;
    try {
      opened = await this.#endpoints.open({
        side: request.side,
        role: "target",
        acceptNewHostKey: request.acceptNewHostKey,
        onCommand: (host, command) => reporter.debug(`${host}: ${command}`),
      });
      const { endpoint } = opened;
      const datasets = await endpoint.listDatasets(request.root);
      if (datasets.length === 0) {
        throw new ZrelayError(
          ErrorCode.DATASET_NOT_FOUND,
          `Dataset ${request.root} does not exist on ${endpoint.host}.`,
          {
            host: endpoint.host,
            dataset: request.root,
            hint: "Give the dataset the push landed in (its --target-root, or the stripped name).",
          },
        );
      }
      const steps = restoreKeysPlan(
        datasets,
        request.keyLocation === undefined ? {} : { keyLocation: request.keyLocation },
      );
      const pending = steps.filter((step) => !step.loaded);
      for (const step of steps.filter((s) => s.loaded))
        reporter.debug(`${step.encryptionRoot}: key loaded already`);
      const where = `${request.root} on ${endpoint.host}`;
      if (steps.length === 0) reporter.info(`${where}: nothing is encrypted, so no key to load`);
      else if (pending.length === 0) reporter.info(`${where}: every key is loaded already`);
      else {
        reporter.info(
          `${where}: ${pending.length} of ${steps.length} encryption roots need their key; run:`,
          pending.map((step) => step.commandLine),
        );
      }
      return ExitCode.OK;
    } catch (error) {
      return reportFailure(error, reporter);
    } finally {
      await opened?.close().catch(() => undefined);
    }
  }
}
