/**
 * The run state zrelay keeps per job (docs/monitoring.md, "The state file"): one
 * JSON file per job, rewritten whole after every run. Readers ignore fields they
 * do not know and writers keep them, so a dataset record can grow fields (a
 * snapshot-listing cache, say) without a new version; `version` changes only
 * when a field changes meaning.
 */
export const RUN_STATE_FORMAT = "zrelay-run-state";
export const RUN_STATE_VERSION = 1;

/**
 * A snapshot as the state remembers it; the guid as a decimal string (64-bit). No
 * createtxg: it differs between the pools a snapshot was replicated to.
 */
export interface SnapshotRecord {
  readonly name: string;
  readonly guid: string;
  /** Creation time, seconds since the epoch. */
  readonly creation: number;
}

/** Why a dataset or job failed: the error's stable code and its message. */
export interface FailureRecord {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

export type DatasetResult = "replicated" | "up-to-date" | "skipped" | "failed";

/** One dataset of a job, after its last run. Times are seconds since the epoch. */
export interface DatasetRecord {
  readonly source: string;
  /** Empty for a root the source did not have. */
  readonly target: string;
  readonly lastAttempt: number;
  /** The last run that left the target holding the source's newest snapshot; null if none did. */
  readonly lastSuccess: number | null;
  readonly result: DatasetResult;
  readonly error: FailureRecord | null;
  /** Newest snapshot on the target after the last run that reached it. */
  readonly targetNewest: SnapshotRecord | null;
  /** Newest source snapshot the job replicates (after its snapshot filters), as last listed. */
  readonly sourceNewest: SnapshotRecord | null;
  /** Bytes sent and time taken in the last run. */
  readonly bytes: number;
  readonly durationMs: number;
  /** Fields of later versions or other features: kept as they are. */
  readonly [extension: string]: unknown;
}

/** The state of one job. */
export interface JobState {
  readonly format: typeof RUN_STATE_FORMAT;
  readonly version: typeof RUN_STATE_VERSION;
  readonly job: string;
  readonly kind: string;
  /** The config file the job came from; null for a command-line job. */
  readonly config: string | null;
  readonly sourceHost: string;
  readonly targetHost: string;
  /** When the last run of the job started and ended, and how it ended as a whole. */
  readonly lastRun: {
    readonly startedAt: number;
    readonly finishedAt: number;
    /** Set when the job failed as a whole (host unreachable, listing failed). */
    readonly error: FailureRecord | null;
  };
  /** By source dataset name. */
  readonly datasets: Readonly<Record<string, DatasetRecord>>;
  readonly [extension: string]: unknown;
}

/** What is wrong with a state text, or the state it holds. */
export type StateReading = { readonly state: JobState } | { readonly problem: string };

/** Parses and checks the text of one job's state file. */
export function parseJobState(text: string): StateReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(value) || value.format !== RUN_STATE_FORMAT) {
    return { problem: `not a zrelay run state (no "format": "${RUN_STATE_FORMAT}")` };
  }
  if (typeof value.version !== "number") return { problem: "no format version" };
  if (value.version > RUN_STATE_VERSION) {
    return {
      problem: `written by a newer zrelay (format version ${value.version}; this zrelay reads version ${RUN_STATE_VERSION})`,
    };
  }
  const problem =
    fieldProblem(value, "job", "string") ??
    fieldProblem(value, "kind", "string") ??
    fieldProblem(value, "sourceHost", "string") ??
    fieldProblem(value, "targetHost", "string") ??
    lastRunProblem(value.lastRun) ??
    datasetsProblem(value.datasets);
  return problem === undefined ? { state: value as unknown as JobState } : { problem };
}

function lastRunProblem(lastRun: unknown): string | undefined {
  if (!isObject(lastRun)) return '"lastRun" is not an object';
  return (
    fieldProblem(lastRun, "startedAt", "number", "lastRun.") ??
    fieldProblem(lastRun, "finishedAt", "number", "lastRun.") ??
    failureProblem(lastRun.error, "lastRun.error")
  );
}

function datasetsProblem(datasets: unknown): string | undefined {
  if (!isObject(datasets)) return '"datasets" is not an object';
  for (const [source, record] of Object.entries(datasets)) {
    const at = `datasets["${source}"].`;
    if (!isObject(record)) return `${at.slice(0, -1)} is not an object`;
    const problem =
      fieldProblem(record, "source", "string", at) ??
      fieldProblem(record, "target", "string", at) ??
      fieldProblem(record, "lastAttempt", "number", at) ??
      fieldProblem(record, "bytes", "number", at) ??
      fieldProblem(record, "durationMs", "number", at) ??
      (record.lastSuccess === null ? undefined : fieldProblem(record, "lastSuccess", "number", at)) ??
      (["replicated", "up-to-date", "skipped", "failed"].includes(record.result as string)
        ? undefined
        : `${at}result is not replicated, up-to-date, skipped or failed`) ??
      failureProblem(record.error, `${at}error`) ??
      snapshotProblem(record.targetNewest, `${at}targetNewest`) ??
      snapshotProblem(record.sourceNewest, `${at}sourceNewest`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function failureProblem(value: unknown, at: string): string | undefined {
  if (value === null) return undefined;
  if (!isObject(value)) return `${at} is neither null nor an object`;
  return (
    fieldProblem(value, "code", "string", `${at}.`) ?? fieldProblem(value, "message", "string", `${at}.`)
  );
}

function snapshotProblem(value: unknown, at: string): string | undefined {
  if (value === null) return undefined;
  if (!isObject(value)) return `${at} is neither null nor an object`;
  return (
    fieldProblem(value, "name", "string", `${at}.`) ??
    fieldProblem(value, "guid", "string", `${at}.`) ??
    fieldProblem(value, "creation", "number", `${at}.`)
  );
}

function fieldProblem(
  value: Record<string, unknown>,
  field: string,
  type: "string" | "number",
  at = "",
): string | undefined {
  const actual = value[field];
  if (typeof actual === type && (type !== "number" || Number.isFinite(actual))) return undefined;
  return `${at}${field} is not a ${type}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
