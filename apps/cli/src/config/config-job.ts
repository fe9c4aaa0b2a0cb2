import type { JobDefinition, JobKind, JobOptions } from "../job/job-definition.js";
import type { ConfigDefaults } from "./config-defaults.js";
import { JOB_KINDS, jobKeys, unknownKeyMessage } from "./config-keys.js";
import { readJobLayout } from "./config-layout.js";
import {
  type ConfigEntry,
  type ConfigReader,
  describeValue,
  mapEntries,
  scalarValue,
} from "./config-nodes.js";
import { applyOptions, type OptionSettings, readOption } from "./config-options.js";
import { readAfter } from "./config-order.js";
import { readSnapshotPolicy } from "./config-snapshot.js";

// Job names end up in lock file names and `zrelay run NAME`, so keep them plain.
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** One entry of `jobs:`; undefined when it has problems (all of them recorded). */
export function readJob(
  job: ConfigEntry,
  reader: ConfigReader,
  defaults: ConfigDefaults,
): JobDefinition | undefined {
  const before = reader.issues.count;
  if (!JOB_NAME.test(job.key)) {
    reader.issues.add(
      job.keyOffset,
      job.keyPath,
      `job name '${job.key}' may only use letters, digits, '-', '_' and '.' (at most 64, starting with a letter or digit)`,
    );
  }
  const entries = mapEntries(job, reader, "a map with kind: pull, push or sync and the job's settings");
  if (entries === undefined) return undefined;

  const kind = readKind(job, entries, reader);
  const allowed = jobKeys(kind);
  const settings: OptionSettings = {};
  const places = new Map<string, ConfigEntry>();
  let after: string[] | undefined;
  for (const entry of entries) {
    if (entry.key === "kind") continue;
    if (entry.key === "after") after = readAfter(entry, reader);
    else if (!allowed.includes(entry.key)) {
      reader.issues.add(entry.keyOffset, entry.keyPath, unknownKeyMessage(entry.key, allowed, kind));
    } else if (!readOption(entry, reader, settings)) {
      places.set(entry.key, entry);
    }
  }
  if (kind === undefined) return undefined;
  const snapshotEntry = places.get("snapshot");
  places.delete("snapshot");
  const snapshot =
    snapshotEntry === undefined ? undefined : readSnapshotPolicy(snapshotEntry, reader, job.key);
  const layout = readJobLayout(kind, job, places, reader, defaults.host);
  if (layout === undefined || reader.issues.count > before) return undefined;
  return {
    name: job.key,
    kind,
    ...layout,
    options: jobOptions(kind, defaults.options, settings),
    ...(after === undefined ? {} : { after }),
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

function readKind(
  job: ConfigEntry,
  entries: readonly ConfigEntry[],
  reader: ConfigReader,
): JobKind | undefined {
  const entry = entries.find((candidate) => candidate.key === "kind");
  if (entry === undefined) {
    reader.issues.add(
      job.keyOffset,
      job.keyPath,
      "missing 'kind': say what the job does with kind: pull, push or sync",
    );
    return undefined;
  }
  const kind = scalarValue(entry.node);
  if (typeof kind === "string" && (JOB_KINDS as readonly string[]).includes(kind)) return kind as JobKind;
  reader.issues.add(
    entry.offset,
    entry.keyPath,
    `must be pull, push or sync, got ${describeValue(entry.node)}`,
  );
  return undefined;
}

/**
 * The job's keys over `defaults`. A default for another kind's flag does not
 * leak in: allow-unencrypted only ever applies to push, allow-decrypt never does.
 */
function jobOptions(kind: JobKind, defaults: JobOptions, settings: OptionSettings): JobOptions {
  const options = applyOptions(defaults, settings);
  return kind === "push" ? { ...options, allowDecrypt: false } : { ...options, allowUnencrypted: false };
}
