import type { DatasetRecord, JobState } from "../state/run-state-format.js";
import { formatAge } from "./duration-text.js";

/** Nagios/Icinga states, with their exit codes. */
export const Severity = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type SeverityName = keyof typeof Severity;

// Worst first: a critical age beats "cannot tell", which beats a warning.
const RANK: readonly SeverityName[] = ["CRITICAL", "UNKNOWN", "WARNING", "OK"];

/** Sorts worst first. */
export function bySeverity(a: SeverityName, b: SeverityName): number {
  return RANK.indexOf(a) - RANK.indexOf(b);
}

/** The worst of `severities`; OK for none. */
export function worstOf(severities: Iterable<SeverityName>): SeverityName {
  let worst: SeverityName = "OK";
  for (const severity of severities) if (bySeverity(severity, worst) < 0) worst = severity;
  return worst;
}

/** Ages in seconds past which a dataset warns or is critical. */
export interface Thresholds {
  /** Age of the newest target snapshot. */
  readonly warn: number;
  readonly crit: number;
  /** Age of the newest source snapshot: the source stopped snapshotting (a dead sanoid). */
  readonly sourceWarn: number;
}

/** How fresh one dataset's backup is, and why it is not OK. */
export interface DatasetFreshness {
  readonly job: string;
  readonly record: DatasetRecord;
  readonly thresholds: Thresholds;
  /** Seconds since the newest target snapshot was taken; null when the target has none. */
  readonly ageSeconds: number | null;
  /** How much older the target's newest is than the source's newest; null when either is unknown. */
  readonly lagSeconds: number | null;
  /** Seconds since the newest source snapshot was taken, as last listed. */
  readonly sourceAgeSeconds: number | null;
  readonly severity: SeverityName;
  /** One line saying what is wrong; undefined when OK. */
  readonly problem: string | undefined;
}

/**
 * Judges one dataset at `now` (seconds). The age counts from the newest snapshot
 * on the target, not from the last run: a cron that stopped, a host that is down
 * and a source that stopped snapshotting all make it grow.
 */
export function assessDataset(
  job: JobState,
  record: DatasetRecord,
  thresholds: Thresholds,
  now: number,
): DatasetFreshness {
  const target = record.targetNewest;
  const source = record.sourceNewest;
  const ageSeconds = target === null ? null : Math.max(0, now - target.creation);
  const sourceAgeSeconds = source === null ? null : Math.max(0, now - source.creation);
  const lagSeconds =
    target === null || source === null ? null : Math.max(0, source.creation - target.creation);
  const judged = (severity: SeverityName, problem: string | undefined): DatasetFreshness => ({
    job: job.job,
    record,
    thresholds,
    ageSeconds,
    lagSeconds,
    sourceAgeSeconds,
    severity,
    problem,
  });
  const failed = record.result === "failed" && record.error !== null;
  const lastRun = failed ? `last run ${ago(now, record.lastAttempt)} failed: ${record.error?.message}` : "";

  if (record.error?.code === "DATASET_NOT_FOUND" && record.target === "") {
    return judged("UNKNOWN", `source root ${record.source} is missing on ${job.sourceHost}`);
  }
  if (target === null || ageSeconds === null) {
    const why = failed
      ? lastRun
      : source === null
        ? "the source has no snapshot to send"
        : "no run got it there yet";
    return judged("UNKNOWN", `never replicated: no snapshot on the target; ${why}`);
  }
  const sourceStopped = source !== null && source.guid === target.guid;
  const cause = failed
    ? `; ${lastRun}`
    : sourceStopped
      ? `; the source has taken no newer snapshot (is its snapshot tool running?)`
      : lagSeconds !== null && lagSeconds > 0
        ? `; ${formatAge(lagSeconds)} behind the source`
        : "";
  const aged = `newest snapshot @${target.name} is ${formatAge(ageSeconds)} old`;
  if (ageSeconds >= thresholds.crit) {
    return judged("CRITICAL", `${aged} (critical at ${formatAge(thresholds.crit)})${cause}`);
  }
  if (ageSeconds >= thresholds.warn) {
    return judged("WARNING", `${aged} (warning at ${formatAge(thresholds.warn)})${cause}`);
  }
  if (sourceAgeSeconds !== null && sourceAgeSeconds >= thresholds.sourceWarn && source !== null) {
    return judged(
      "WARNING",
      `the source has taken no snapshot for ${formatAge(sourceAgeSeconds)} (warning at ${formatAge(thresholds.sourceWarn)}): newest is @${source.name}; is its snapshot tool running?`,
    );
  }
  if (failed) return judged("WARNING", lastRun);
  return judged("OK", undefined);
}

/** `2h ago`, `just now`. */
export function ago(now: number, then: number): string {
  if (then === 0) return "never";
  const seconds = now - then;
  return seconds < 60 ? "just now" : `${formatAge(seconds)} ago`;
}
