import { GiB } from "./process-usage.mjs";

// What a person running a benchmark may change from the environment. Benchmarks
// are plain node scripts, not turbo tasks, so turbo.json need not know these.

/** BENCH_REPEATS: runs per variant (the median counts). Default 3. */
export function repeats() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
  const value = Number(process.env.BENCH_REPEATS ?? 3);
  if (!Number.isInteger(value) || value < 1)
    throw new Error("BENCH_REPEATS must be a whole number of runs, 1 or more");
  return value;
}

/** BENCH_SIZES_GIB: snapshot sizes in GiB, comma-separated ("0.25,0.5" for a quick try). */
export function snapshotSizes(fallback) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
  const text = process.env.BENCH_SIZES_GIB ?? fallback;
  return text.split(",").map((gib) => {
    const bytes = Math.round(Number(gib) * GiB);
    if (!(bytes > 0)) throw new Error(`BENCH_SIZES_GIB: ${gib} is not a size in GiB`);
    return { label: `${gib}GiB`, bytes };
  });
}
