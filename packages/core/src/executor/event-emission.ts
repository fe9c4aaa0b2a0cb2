import type { ExecutorEvent, ExecutorEventListener } from "./executor-events.js";

/**
 * A throwing listener must not leave a transfer half-supervised, so its error is
 * rethrown on a fresh microtask (an uncaught exception) instead of inside the executor.
 */
export function emitEvent(listener: ExecutorEventListener | undefined, event: ExecutorEvent): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
