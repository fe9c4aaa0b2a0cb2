import { type CheckPrinter, jsonCheckPrinter, tieredCheckPrinter } from "../run/doctor-command.js";
import type { ConsoleStreams } from "../system/console-streams.js";
import type { ProcessInfo } from "../system/process-info.js";
import { HumanReporter } from "./human-reporter.js";
import { JsonReporter } from "./json-reporter.js";
import { type OutputSettings, OutputTiers } from "./output-tiers.js";
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
  createCheckPrinter(settings: OutputSettings): CheckPrinter {
    const tiers = new OutputTiers(this.#streams, settings);
    if (!settings.json) return tieredCheckPrinter(tiers);
    return jsonCheckPrinter(this.#streams.stdout, settings, tiers, () => this.#process.now());
  }

  create(settings: OutputSettings): RunReporter {
    const streams = this.#streams;
    const tiers = new OutputTiers(streams, settings);
    if (settings.json) return new JsonReporter(streams.stdout, settings, tiers, () => this.#process.now());
    // Live progress only where a person watches: a terminal, not quiet, not piped.
    const live = streams.stdoutIsTerminal && !settings.quiet;
    const progress = live
      ? createProgressDisplay(streams.stdout, () => this.#process.monotonicMs())
      : undefined;
    return new HumanReporter(tiers, streams.stdoutIsTerminal, progress);
  }
}
