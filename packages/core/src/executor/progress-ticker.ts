/**
 * Calls `tick` periodically until the returned function is called. The executor
 * polls transfer progress through one, so tests can tick by hand instead of waiting.
 */
export type Ticker = (tick: () => void) => () => void;

/** A ticker on `setInterval`, unref'd so a forgotten one never keeps the process alive. */
export function intervalTicker(intervalMs: number): Ticker {
  return (tick) => {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  };
}

/** A ticker that never ticks: no progress events. */
export const silentTicker: Ticker = () => () => {};
