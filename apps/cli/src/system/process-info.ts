/** What the CLI reads from its process, injected so tests can give their own. */
export interface ProcessInfo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly pid: number;
  /** The command line, for lock files: `zrelay pull --host …`. */
  readonly command: string;
  /** Wall-clock time, for lock files, JSON events and metrics. */
  now(): Date;
  /** Monotonic milliseconds, for durations. */
  monotonicMs(): number;
}
