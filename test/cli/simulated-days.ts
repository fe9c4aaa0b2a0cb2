import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliSandbox, createCliSandbox } from "./cli-sandbox.js";

// Shared by the retention and lifecycle end-to-end tests: one tree `tank/data` to
// replicate into the pool `backup`, a config file, and times on simulated days of
// November 2026 (UTC, as retention buckets them with TZ=UTC).

/** `2026-11-DDTHH:00:00Z`. */
export const at = (day: number, hour: number) =>
  `2026-11-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

/** The short name job `nightly` gives its snapshot taken at that time. */
export const own = (day: number, hour: number) => `zrelay_nightly_${at(day, hour)}`;

/** A sandbox with pools tank and backup, `tank/data`, and `config` written to `zrelay.yaml`. */
export async function oneTreeSandbox(config: string): Promise<{ box: CliSandbox; config: string }> {
  const box = createCliSandbox();
  Object.assign(box.env, { TZ: "UTC" });
  await box.zpool("create", "tank");
  await box.zpool("create", "backup");
  await box.zfs("create", "tank/data");
  const path = join(box.root, "zrelay.yaml");
  writeFileSync(path, config);
  return { box, config: path };
}

/** Short names (after `@`) of `dataset`'s snapshots, oldest first. */
export async function shortNames(box: CliSandbox, dataset: string): Promise<string[]> {
  return (await box.snapshots(dataset)).map((name) => name.slice(name.indexOf("@") + 1));
}
