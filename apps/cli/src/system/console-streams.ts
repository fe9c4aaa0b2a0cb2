/** Where the CLI writes; the real process streams, or buffers in tests. */
export interface ConsoleStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** stdout is a terminal: live progress and bold text are allowed. */
  readonly stdoutIsTerminal: boolean;
}

/**
 * The process's own streams. A reader that went away (`zrelay plan … | head -1`)
 * is not a failure: what would have gone to it is dropped and the run goes on,
 * so a transfer is never cut short because a pager closed, and zrelay ends
 * quietly with the status of the run. Any other stream error is a bug.
 */
export function processConsoleStreams(): ConsoleStreams {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", ignoreClosedReader);
  return { stdout: process.stdout, stderr: process.stderr, stdoutIsTerminal: process.stdout.isTTY === true };
}

function ignoreClosedReader(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
  throw error;
}
