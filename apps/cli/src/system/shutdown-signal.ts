/** SIGINT/SIGTERM as an AbortSignal for one run. */
export interface ShutdownSignal {
  readonly signal: AbortSignal;
  /** The signal that arrived, once one has. */
  received(): NodeJS.Signals | undefined;
  /** Stops listening. */
  dispose(): void;
}

/** Starts listening for the signals that stop a run. */
export interface ShutdownSignals {
  listen(): ShutdownSignal;
}

/**
 * The first SIGINT or SIGTERM aborts the run (transfers stop, resumable receives
 * stay resumable, locks are released on the way out); a second one exits at once
 * with the same status, for a run that does not stop.
 */
export class ProcessShutdownSignals implements ShutdownSignals {
  listen(): ShutdownSignal {
    const controller = new AbortController();
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received !== undefined) process.exit(signal === "SIGINT" ? 130 : 143);
      received = signal;
      controller.abort(new Error(`received ${signal}`));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    return {
      signal: controller.signal,
      received: () => received,
      dispose() {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      },
    };
  }
}
