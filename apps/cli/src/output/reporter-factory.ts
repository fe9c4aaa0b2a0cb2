import type { RunOrigin } from "../job/job-definition.js";
import { type CheckPrinter, jsonCheckPrinter, tieredCheckPrinter } from "../run/doctor-command.js";
import type { ConsoleStreams } from "../system/console-streams.js";
import type { ProcessInfo } from "../system/process-info.js";
import { HumanReporter } from "./human-reporter.js";
import { JsonReporter } from "./json-reporter.js";
import { type OutputSettings, OutputTiers } from "./output-tiers.js";
import { policyWording } from "./policy-wording.js";
import { createProgressDisplay } from "./progress-display.js";
import type { RunReporter } from "./run-reporter.js";

/** Makes the reporter the flags ask for. */
export class ReporterFactory {
  readonly #streams: ConsoleStreams;
  readonly #process: ProcessInfo;

  constructor(streams: ConsoleStreams, process: ProcessInfo) {
    this.#streams = streams;
    this.#process = process;
  }

  /** How `doctor` prints its checks under the same flags. */
  createCheckPrinter(settings: OutputSettings, origin: RunOrigin): CheckPrinter {
    const wording = policyWording(origin);
    const tiers = new OutputTiers(this.#streams, settings, wording);
    if (!settings.json) return tieredCheckPrinter(tiers);
    return jsonCheckPrinter(this.#streams.stdout, settings, tiers, () => this.#process.now(), wording);
  }

  /** The reporter of a run whose jobs came from `origin`: hints name policies as its user spells them. */
  create(settings: OutputSettings, origin: RunOrigin): RunReporter {
    const streams = this.#streams;
    const wording = policyWording(origin);
    const tiers = new OutputTiers(streams, settings, wording);
    if (settings.json) {
      return new JsonReporter(streams.stdout, settings, tiers, () => this.#process.now(), wording);
    }
    // Live progress only where a person watches: a terminal, not quiet, not piped.
    const live = streams.stdoutIsTerminal && !settings.quiet;
    const progress = live
      ? createProgressDisplay(streams.stdout, () => this.#process.monotonicMs())
      : undefined;
    return new HumanReporter(tiers, streams.stdoutIsTerminal, progress);
  }
}
