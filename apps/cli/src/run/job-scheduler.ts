import type { JobDefinition } from "../job/job-definition.js";
import type { JobWait } from "../job/job-order.js";
import type { JobResult } from "./job-result.js";

/** How `runScheduled` orders and bounds the jobs. */
export interface ScheduleSettings {
  /** Jobs at once (`parallel-jobs`, `--parallel-jobs`); 1 runs them one after the other. */
  readonly limit: number;
  /** What each job waits for (`jobWaits`); a job starts once every job it waits for has ended. */
  readonly waits: ReadonlyMap<string, readonly JobWait[]>;
  /** Once aborted, no further job starts; the running ones end on the same signal. */
  readonly signal: AbortSignal;
}

/** Runs one job; `feeders` are the results of the jobs it waited for. Never rejects. */
export type JobStarter = (job: JobDefinition, feeders: readonly JobResult[]) => Promise<JobResult>;

/**
 * Runs `jobs` up to `limit` at once, each only after the jobs it waits for have
 * ended (however they ended: a dependent job still sends what did arrive), in
 * file order among those ready. Resolves with the results of the jobs that ran,
 * in file order. The waits must hold no cycle (the config load refuses one).
 */
export async function runScheduled(
  jobs: readonly JobDefinition[],
  settings: ScheduleSettings,
  start: JobStarter,
): Promise<JobResult[]> {
  const limit = Math.max(1, settings.limit);
  const results = new Map<string, JobResult>();
  const running = new Map<string, Promise<void>>();
  const pending = [...jobs];
  const ready = (job: JobDefinition) =>
    (settings.waits.get(job.name) ?? []).every((wait) => results.has(wait.feeder));

  for (;;) {
    while (!settings.signal.aborted && running.size < limit) {
      const index = pending.findIndex(ready);
      const job = pending[index];
      if (job === undefined) break;
      pending.splice(index, 1);
      const feeders = (settings.waits.get(job.name) ?? []).flatMap((wait) => results.get(wait.feeder) ?? []);
      running.set(
        job.name,
        start(job, feeders).then((result) => {
          results.set(job.name, result);
          running.delete(job.name);
        }),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (pending.length > 0 && !settings.signal.aborted) {
    // Only a cycle leaves jobs that can never start; the config load refuses those.
    throw new Error(`jobs ${pending.map((job) => job.name).join(", ")} wait for each other in a circle`);
  }
  return jobs.flatMap((job) => results.get(job.name) ?? []);
}
