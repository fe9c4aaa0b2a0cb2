/*
 * How zfs prints numbers and dates when not asked for exact values (-p):
 * zfs_nicenum sizes (`312K`, `3.61G`) and strftime dates.
 */

const UNITS = ["", "K", "M", "G", "T", "P", "E"];

/** zfs_nicenum: 1024-based, at most 5 characters, exact values without decimals. */
export function niceNumber(value: bigint | number): string {
  const n = BigInt(value);
  let index = 0;
  let scaled = n;
  while (scaled >= 1024n && index < UNITS.length - 1) {
    scaled /= 1024n;
    index++;
  }
  const unit = UNITS[index] as string;
  if (index === 0 || n % 1024n ** BigInt(index) === 0n) return `${scaled}${unit}`;
  const exact = Number(n) / 1024 ** index;
  for (const digits of [2, 1, 0]) {
    const text = `${exact.toFixed(digits)}${unit}`;
    if (text.length <= 5) return text;
  }
  return `${Math.round(exact)}${unit}`;
}

/** zfs_nicebytes: like niceNumber but plain byte counts end in `B` (`312B`). */
export function niceBytes(value: bigint | number): string {
  const text = niceNumber(value);
  return /\d$/.test(text) ? `${text}B` : text;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Local time as zfs prints it: `creation` uses "%a %b %e %k:%M %Y"
 * (`Thu Nov 26  9:44 2026`), `zfs holds` "%a %b %e %H:%M %Y" (`09:44`).
 */
export function zfsDate(seconds: number, hour: "%k" | "%H"): string {
  const date = new Date(seconds * 1000);
  const pad = (n: number, width: number, fill: string) => String(n).padStart(width, fill);
  const hours = hour === "%k" ? pad(date.getHours(), 2, " ") : pad(date.getHours(), 2, "0");
  return [
    DAYS[date.getDay()],
    MONTHS[date.getMonth()],
    pad(date.getDate(), 2, " "),
    `${hours}:${pad(date.getMinutes(), 2, "0")}`,
    date.getFullYear(),
  ].join(" ");
}

/**
 * Rows as zfs prints a table: with `-H` tab-separated and no header; otherwise
 * an upper-case header and columns padded by two spaces, numbers right-aligned.
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  scripted: boolean,
  rightAligned: (column: string) => boolean = () => false,
): string {
  if (scripted) return rows.map((row) => `${row.join("\t")}\n`).join("");
  const table = [columns.map((column) => column.toUpperCase()), ...rows];
  const widths = columns.map((_, index) => Math.max(...table.map((row) => (row[index] ?? "").length)));
  return table
    .map((row) =>
      row
        .map((cell, index) => {
          const last = index === row.length - 1;
          if (rightAligned(columns[index] as string)) return cell.padStart(widths[index] as number);
          return last ? cell : cell.padEnd(widths[index] as number);
        })
        .join("  ")
        .concat("\n"),
    )
    .join("");
}
