import {
  defaultPolicy,
  mapStrippingPrefix,
  mapWithPrefix,
  type ReplicationPolicy,
  type TargetMapper,
} from "@zrelay/core";
import type { JobDefinition } from "./job-definition.js";

/** Where each source dataset of the job lands. */
export function targetMapperOf(job: JobDefinition): TargetMapper {
  const { mapping } = job;
  switch (mapping.kind) {
    case "prefix":
      return (source) => mapWithPrefix(source, mapping.dest);
    case "strip":
      return (source) => mapStrippingPrefix(source, mapping.stripPrefix, mapping.targetRoot);
    case "rename":
      // The root becomes `to`; its descendants keep their names relative to it.
      return (source) => mapStrippingPrefix(source, mapping.from, mapping.to);
  }
}

/** The planner policy of a job. Pushes are always raw and never decrypt. */
export function policyOf(job: JobDefinition): ReplicationPolicy {
  const { options } = job;
  const push = job.kind === "push";
  return {
    ...defaultPolicy,
    allowRollback: options.allowRollback,
    forceOverwriteEmptyTarget: options.force,
    allowDecrypt: !push && options.allowDecrypt,
    alwaysRaw: push,
    includeSnapshots: options.includeSnapshots,
    excludeSnapshots: options.excludeSnapshots,
  };
}

/**
 * The lock a run of this job takes. A config job locks its name; an ad-hoc run
 * locks its target (host and destination), so two overlapping cron lines
 * replicating into the same place never run at once.
 */
export function lockNameOf(job: JobDefinition, origin: "config" | "command-line"): string {
  if (origin === "config") return `job ${job.name}`;
  const host = job.target.host === undefined ? "localhost" : job.target.host;
  const { mapping } = job;
  const where =
    mapping.kind === "prefix"
      ? mapping.dest
      : mapping.kind === "rename"
        ? mapping.to
        : (mapping.targetRoot ?? "");
  return `target ${host} ${where}`.trimEnd();
}
