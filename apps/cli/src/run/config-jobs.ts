import { loadConfigFile, selectJobs } from "../config/index.js";
import type { JobDefinition } from "../job/job-definition.js";

/** Permissions a `run` flag adds to every selected job (they never take one away). */
export interface JobOverrides {
  readonly allowRollback?: boolean | undefined;
  readonly force?: boolean | undefined;
}

/**
 * The jobs of the config file a command names (every job when `names` is empty),
 * and the file-wide settings a run needs beside them: `state-dir`, and `parallel-jobs`
 * (each undefined when the file does not set it).
 * Throws USAGE (ConfigFileError) naming file, line and key for a bad file, or an unknown job.
 */
export async function selectConfigRun(
  path: string,
  names: readonly string[],
  overrides: JobOverrides = {},
): Promise<{ jobs: JobDefinition[]; stateDir: string | undefined; parallelJobs: number | undefined }> {
  const config = await loadConfigFile(path);
  const jobs = selectJobs(config, names).map((job) => ({
    ...job,
    peers: config.jobs.filter((other) => other.name !== job.name),
    options: {
      ...job.options,
      allowRollback: job.options.allowRollback || overrides.allowRollback === true,
      force: job.options.force || overrides.force === true,
    },
  }));
  return { jobs, stateDir: config.stateDir, parallelJobs: config.defaults.parallelJobs };
}
