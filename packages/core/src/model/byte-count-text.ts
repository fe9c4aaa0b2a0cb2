const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** A byte count as people read it in messages: `812 bytes`, `3.1 GiB`, `42 MiB`. */
export function byteCountText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${UNITS[unit]}`;
}
