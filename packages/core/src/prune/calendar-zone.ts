import type { RetentionPeriod } from "./retention-rules.js";

/**
 * Calendar buckets of a time zone. A period bucket is an integer per snapshot
 * (the local hour, day, ISO week, month or year it was created in), so planning
 * compares numbers. The zone's UTC offset comes from the built-in Intl database
 * once per 15 minutes of time (every offset change in the database falls on a
 * quarter hour) and is cached, so 100,000 snapshots cost a few hundred lookups.
 */
export interface CalendarZone {
  readonly timeZone: string;
  /** The bucket `creation` (seconds since the epoch) falls in, as a comparable integer. */
  bucketOf(period: RetentionPeriod, creation: number): number;
  /** The bucket as a user reads it: `2026-12-03T14`, `2026-12-03`, `2026-W49`, `2026-12`, `2026`. */
  bucketLabel(period: RetentionPeriod, creation: number): string;
}

const QUARTER_HOUR = 900;
const zones = new Map<string, CalendarZone>();

/**
 * The calendar of an IANA time zone (`Europe/Berlin`, `UTC`). Throws a
 * RangeError for a name the runtime does not know: callers validate first
 * with `isKnownTimeZone`.
 */
export function calendarZone(timeZone: string): CalendarZone {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = createZone(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** True when the runtime's time zone database knows `timeZone`. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function createZone(timeZone: string): CalendarZone {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const utc = timeZone === "UTC" || timeZone === "Etc/UTC";
  const offsets = new Map<number, number>();
  const offsetOf = (creation: number): number => {
    if (utc) return 0;
    const slot = Math.floor(creation / QUARTER_HOUR);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      offset = measureOffset(format, slot * QUARTER_HOUR);
      if (offsets.size > 200_000) offsets.clear();
      offsets.set(slot, offset);
    }
    return offset;
  };
  const localDay = (creation: number) => Math.floor((creation + offsetOf(creation)) / 86_400);

  return {
    timeZone,
    bucketOf(period, creation) {
      switch (period) {
        case "hourly":
          return Math.floor((creation + offsetOf(creation)) / 3600);
        case "daily":
          return localDay(creation);
        case "weekly":
          // Day 0 (1970-01-01) was a Thursday; +3 starts each week on Monday, as ISO 8601 does.
          return Math.floor((localDay(creation) + 3) / 7);
        case "monthly": {
          const { year, month } = civilFromDays(localDay(creation));
          return year * 12 + month - 1;
        }
        case "yearly":
          return civilFromDays(localDay(creation)).year;
      }
    },
    bucketLabel(period, creation) {
      const local = creation + offsetOf(creation);
      const day = Math.floor(local / 86_400);
      const { year, month, dayOfMonth } = civilFromDays(day);
      const ymd = `${year}-${pad(month)}-${pad(dayOfMonth)}`;
      switch (period) {
        case "hourly":
          return `${ymd}T${pad(Math.floor((local % 86_400) / 3600))}`;
        case "daily":
          return ymd;
        case "weekly": {
          const week = isoWeek(day);
          return `${week.year}-W${pad(week.week)}`;
        }
        case "monthly":
          return `${year}-${pad(month)}`;
        case "yearly":
          return String(year);
      }
    },
  };
}

/** Seconds to add to UTC for local wall-clock time at `instant`. */
function measureOffset(format: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant * 1000))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round(wall / 1000 - instant);
}

/** Year, month (1–12) and day of month of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/** ISO 8601 week-numbering year and week of a day count since 1970-01-01. */
function isoWeek(days: number): { year: number; week: number } {
  const weekday = (((days + 3) % 7) + 7) % 7; // Monday 0 … Sunday 6
  const thursday = days - weekday + 3;
  const { year } = civilFromDays(thursday);
  const firstOfYear = Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
  return { year, week: Math.floor((thursday - firstOfYear) / 7) + 1 };
}

const pad = (value: number) => String(value).padStart(2, "0");
