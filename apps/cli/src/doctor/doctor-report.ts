import type { DoctorRole } from "./required-permissions.js";

export type CheckStatus = "ok" | "warn" | "fail";

/** One thing the doctor looked at, and what it found, in a line a person reads. */
export interface DoctorCheck {
  /** `fail` makes the doctor exit non-zero; `warn` does not. */
  readonly status: CheckStatus;
  /** The side it is about; undefined for the job as a whole (the ssh2 add-on). */
  readonly role?: DoctorRole;
  /** `source backup@host-storage: zfs 2.3.2 (kernel module 2.3.2)`. */
  readonly line: string;
  /** Commands that fix it, exactly as to run them: `zfs allow backup hold,release tank/data`. */
  readonly fixes?: readonly string[];
  /** What to do when no single command fixes it (an error's hint). */
  readonly hint?: string;
}

export interface DoctorReport {
  /** In the order they ran: job-wide checks, then the source side, then the target side. */
  readonly checks: readonly DoctorCheck[];
  /** 0 when nothing failed; 1 when anything did (warnings do not count). */
  readonly exitCode: 0 | 1;
}

export function doctorReport(checks: readonly DoctorCheck[]): DoctorReport {
  return { checks, exitCode: checks.some((check) => check.status === "fail") ? 1 : 0 };
}

/**
 * The lines a check prints: `* ` for ok, `* warning: ` for a warning (info
 * tier, so it never fails a cron run), `🚨 ` for a failure followed by its
 * fixes and hint, indented so they can be copied as they are.
 */
export function formatDoctorCheck(check: DoctorCheck): string[] {
  if (check.status === "ok") return [`* ${check.line}`];
  const first = check.status === "warn" ? `* warning: ${check.line}` : `🚨 ${check.line}`;
  const more = [...(check.fixes ?? []), ...(check.hint === undefined ? [] : [check.hint])];
  return [first, ...more.map((line) => `    ${line}`)];
}
