import { loadConfigFile, selectJobs } from "../config/index.js";
import type { JobDefinition } from "../job/job-definition.js";

/** Permissions a `run` flag adds to every selected job (they never take one away). */
export interface JobOverrides {
  readonly allowRollback?: boolean | undefined;
  readonly force?: boolean | undefined;
}

/**
 * The jobs of the config file a command names (every job when `names` is empty).
 * Throws USAGE (ConfigFileError) naming file, line and key for a bad file, or an unknown job.
 */
export async function selectConfigJobs(
  path: string,
  names: readonly string[],
  overrides: JobOverrides = {},
): Promise<JobDefinition[]> {
  return (await selectConfigRun(path, names, overrides)).jobs;
}

/** The selected jobs and the file-wide settings a run needs beside them (`state-dir`). */
export async function selectConfigRun(
  path: string,
  names: readonly string[],
  overrides: JobOverrides = {},
): Promise<{ jobs: JobDefinition[]; stateDir: string | undefined }> {
  const config = await loadConfigFile(path);
  return { jobs: withOverrides(selectJobs(config, names), overrides), stateDir: config.stateDir };
}

function withOverrides(jobs: readonly JobDefinition[], overrides: JobOverrides): JobDefinition[] {
  return jobs.map((job) => ({
    ...job,
    options: {
      ...job.options,
      allowRollback: job.options.allowRollback || overrides.allowRollback === true,
      force: job.options.force || overrides.force === true,
    },
  }));
}
