import type { ZfsEndpoint } from "@zrelay/core";
import type { JobDefinition } from "../job/job-definition.js";
import type { RunReporter } from "../output/run-reporter.js";
import { rawPushRoute } from "./raw-push-route.js";
import { directRoute, type ReplicationRoute } from "./replication-route.js";

/** How a job replicates: pushes go through the raw-push route, pulls and syncs directly. */
export function routeFor(
  job: JobDefinition,
  source: ZfsEndpoint,
  target: ZfsEndpoint,
  reporter: RunReporter,
): ReplicationRoute {
  return job.kind === "push"
    ? rawPushRoute(job, source, target, reporter)
    : directRoute(job, source, target, reporter);
}
