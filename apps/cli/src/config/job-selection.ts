import { ErrorCode, ZrelayError } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import { closestKey } from "./config-keys.js";
import type { ZrelayConfig } from "./config-loader.js";

/**
 * The jobs `zrelay run NAME...` asks for, in the file's order (ties of the
 * scheduler go by it; feeders run first whatever it is, see `jobWaits`); every job when `names` is empty. Throws
 * ZrelayError USAGE naming each unknown job and the jobs the file has.
 */
export function selectJobs(config: ZrelayConfig, names: readonly string[]): JobDefinition[] {
  if (names.length === 0) return [...config.jobs];
  const known = config.jobs.map((job) => job.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const lines = unknown.map((name) => {
      const guess = closestKey(name, known);
      return `no job '${name}' in ${config.path}${guess === undefined ? "" : ` — did you mean '${guess}'?`}`;
    });
    throw new ZrelayError(ErrorCode.USAGE, lines.join("\n"), {
      hint: `Jobs in ${config.path}: ${known.join(", ")}.`,
    });
  }
  return config.jobs.filter((job) => names.includes(job.name));
}
