import type { JobScope } from "./run-reporter.js";

/**
 * What an error line of a config job starts with, so cron mail of `run -q` says
 * which job failed: `job pull-storage (/etc/zrelay/zrelay.yaml): ` for a failure
 * of the whole job, `job pull-storage: ` before a dataset's failure when no
 * `* pull-storage: …` heading was printed (quiet). Command-line jobs get none:
 * the user just typed it. Lines of jobs running at once already start with
 * the job's name (`tagged`), so they get none either.
 */
export function jobPrefix(
  scope: JobScope | undefined,
  source: string | undefined,
  quiet: boolean,
  tagged: boolean,
): string {
  if (scope?.config === undefined || tagged) return "";
  if (source === undefined) return `job ${scope.job} (${scope.config}): `;
  return quiet ? `job ${scope.job}: ` : "";
}
