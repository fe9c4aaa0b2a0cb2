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
