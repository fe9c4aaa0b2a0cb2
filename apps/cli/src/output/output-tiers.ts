import type { ConsoleStreams } from "../system/console-streams.js";

/** What the user asked to see. */
export interface OutputSettings {
  /** `--quiet`: errors only (on stderr); a successful run prints nothing. */
  readonly quiet: boolean;
  /** `--debug`: commands, snapshot lists and guids too (not with --quiet). */
  readonly debug: boolean;
  /** `--json`: NDJSON events on stdout instead of the lines below. */
  readonly json: boolean;
}

export const INFO_PREFIX = "* ";
export const DEBUG_PREFIX = "ℹ️ ";
export const ERROR_PREFIX = "🚨 ";

/** Rewrites a line before it is printed (how hints name policies); the identity by default. */
export type Wording = (text: string) => string;

/** Lines printed under a message, indented, so commands in them can be copied as they are. */
const DETAIL_INDENT = "    ";

/**
 * The three tiers the user settled on for their cron scripts: info `* ` and debug
 * `ℹ️ ` on stdout, errors `🚨 ` on stderr whatever the flags. Every line of a
 * multi-line message gets the prefix (each is a message of its own, e.g. one
 * config problem per line); `details` (hints, fix commands) follow indented.
 */
export class OutputTiers {
  readonly #streams: ConsoleStreams;
  readonly #settings: OutputSettings;
  readonly #wording: Wording;
  #beforeWrite: (() => void) | undefined;
  #afterWrite: (() => void) | undefined;
  /** Put after the prefix of every line: the job's name while jobs run at once. */
  #tag = "";

  constructor(streams: ConsoleStreams, settings: OutputSettings, wording: Wording = (text) => text) {
    this.#streams = streams;
    this.#settings = settings;
    this.#wording = wording;
  }

  get showsInfo(): boolean {
    return !this.#settings.quiet;
  }

  get showsDebug(): boolean {
    return this.#settings.debug && !this.#settings.quiet;
  }

  /** Lets a live progress display clear itself before a line and redraw after it. */
  around(before: () => void, after: () => void): void {
    this.#beforeWrite = before;
    this.#afterWrite = after;
  }

  /** The same tiers, every line of them naming `tag` (`* pull-a: tank/data: up to date`). */
  tagged(tag: string): OutputTiers {
    const tiers = new OutputTiers(this.#streams, this.#settings, this.#wording);
    tiers.#tag = `${tag}: `;
    return tiers;
  }

  /** True when lines already name the job (see `tagged`). */
  get isTagged(): boolean {
    return this.#tag !== "";
  }

  info(message: string, details: readonly string[] = []): void {
    if (this.showsInfo) this.#write(this.#streams.stdout, INFO_PREFIX, message, details);
  }

  debug(message: string): void {
    if (this.showsDebug) this.#write(this.#streams.stdout, DEBUG_PREFIX, message, []);
  }

  error(message: string, details: readonly string[] = []): void {
    this.#write(this.#streams.stderr, ERROR_PREFIX, message, details);
  }

  #write(stream: NodeJS.WritableStream, prefix: string, message: string, details: readonly string[]): void {
    this.#beforeWrite?.();
    const lines = [
      ...message.split("\n").map((line) => `${prefix}${this.#tag}${line}`),
      ...details.flatMap((detail) => detail.split("\n")).map((line) => `${DETAIL_INDENT}${line}`),
    ];
    stream.write(`${this.#wording(lines.join("\n"))}\n`);
    this.#afterWrite?.();
  }
}
