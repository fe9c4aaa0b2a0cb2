/** Where the CLI writes; the real process streams, or buffers in tests. */
export interface ConsoleStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** stdout is a terminal: live progress and bold text are allowed. */
  readonly stdoutIsTerminal: boolean;
}
