import parseDuration from "parse-duration";

/** The forms a threshold takes, for messages. */
export const DURATION_FORMS = "a number with a unit: 26h, 90m, 2d, 1d12h";

/**
 * Seconds in a threshold like `26h`, `2d` or `1d12h`; undefined when `text` is
 * not one. A bare number is refused: `26` would silently mean milliseconds.
 */
export function parseDurationSeconds(text: string): number | undefined {
  // Every number has its unit and nothing else is there: parse-duration alone reads `1d12`
  // as 1.5 days and `26h garbage` as 26h.
  if (!/^\s*(\d+(\.\d+)?\s*[a-z]+\s*)+$/i.test(text)) return undefined;
  const milliseconds = parseDuration(text);
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return undefined;
  if (milliseconds <= 0) return undefined;
  return Math.round(milliseconds / 1000);
}

/** `93600` → `26h`, `5400` → `1h30m`, `45` → `45s`: how status and check print ages. */
export function formatAge(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const days = Math.floor(whole / 86400);
  const hours = Math.floor((whole % 86400) / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (days >= 3) return hours === 0 ? `${days}d` : `${days}d${hours}h`;
  if (whole >= 3600) {
    const totalHours = Math.floor(whole / 3600);
    return minutes === 0 ? `${totalHours}h` : `${totalHours}h${minutes}m`;
  }
  if (whole >= 60) return `${minutes}m`;
  return `${whole}s`;
}
