/** `ZRELAY_TEST_NOW`: a fixed wall-clock time (ISO-8601) for tests of snapshot names; unset in production. */
export const TEST_NOW_VARIABLE = "ZRELAY_TEST_NOW";

/**
 * The wall clock: the real one, or the time `ZRELAY_TEST_NOW` names, so an end-to-end
 * test knows the names zrelay's snapshots get. A value that is not a time is refused
 * at start, not read as "now".
 */
export function wallClock(env: Readonly<Record<string, string | undefined>>): () => Date {
  const fixed = env[TEST_NOW_VARIABLE];
  if (fixed === undefined || fixed === "") return () => new Date();
  const time = new Date(fixed);
  if (Number.isNaN(time.getTime())) {
    throw new Error(`${TEST_NOW_VARIABLE}=${fixed} is not an ISO-8601 time (e.g. 2026-12-03T02:30:00Z)`);
  }
  return () => new Date(time);
}
