/**
 * `ZRELAY_FAKE_ZFS_NOW`: the emulator's wall clock, so a test can take snapshots
 * on simulated days (retention buckets by `creation`). An ISO 8601 time
 * (`2026-11-03T02:00:00Z`) or seconds since the epoch; unset, the real clock.
 * Read when a command loads the state, so each command may see another time.
 */
export const FAKE_NOW_VARIABLE = "ZRELAY_FAKE_ZFS_NOW";

/** The clock the model takes (milliseconds since the epoch). Throws for a value that is no time. */
export function emulatorClock(environment: NodeJS.ProcessEnv = process.env): () => number {
  const text = environment[FAKE_NOW_VARIABLE]?.trim();
  if (text === undefined || text === "") return Date.now;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms))
    throw new Error(
      `zfs emulator: ${FAKE_NOW_VARIABLE}=${text} is neither an ISO 8601 time nor seconds since the epoch`,
    );
  return () => ms;
}
