import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { type JobState, parseJobState } from "./run-state-format.js";

/** Where the run state lives when neither `ZRELAY_STATE_DIR` nor the config's `state-dir` says. */
export const DEFAULT_STATE_DIR = "/var/lib/zrelay";

/** True when the state directory was chosen (env or config) rather than the built-in default. */
export function stateDirectoryChosen(
  env: Readonly<Record<string, string | undefined>>,
  configured?: string,
): boolean {
  return (env.ZRELAY_STATE_DIR ?? "") !== "" || configured !== undefined;
}

/** `$ZRELAY_STATE_DIR`, else the config's `state-dir`, else /var/lib/zrelay. */
export function stateDirectory(
  env: Readonly<Record<string, string | undefined>>,
  configured?: string,
): string {
  const fromEnv = env.ZRELAY_STATE_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return configured ?? DEFAULT_STATE_DIR;
}

/** The state file of `job` under `directory`; job names of ad-hoc runs hold spaces, so names are encoded. */
export function jobStatePath(directory: string, job: string): string {
  return join(directory, "jobs", `${encodeURIComponent(job)}.json`);
}

/** What reading one job's state found. */
export type StateLoad =
  | { readonly kind: "found"; readonly path: string; readonly state: JobState }
  | { readonly kind: "missing"; readonly path: string }
  | { readonly kind: "unreadable"; readonly path: string; readonly problem: string };

/** Reads one job's state; never throws. */
export function readJobState(directory: string, job: string): StateLoad {
  return readStateFile(jobStatePath(directory, job));
}

/** Every job state under `directory`, by file name order; empty when there is none. */
export function readAllJobStates(directory: string): StateLoad[] {
  let names: string[];
  try {
    names = readdirSync(join(directory, "jobs")).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return names.sort().map((name) => readStateFile(join(directory, "jobs", name)));
}

function readStateFile(path: string): StateLoad {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing", path };
    return { kind: "unreadable", path, problem: code === "EACCES" ? "permission denied" : String(error) };
  }
  const reading = parseJobState(text);
  return "state" in reading
    ? { kind: "found", path, state: reading.state }
    : { kind: "unreadable", path, problem: reading.problem };
}

/**
 * Writes one job's state: into a temporary file beside it, flushed, then renamed
 * over it, so a reader (or a crash) never sees half a file. Throws what the file
 * system throws.
 */
export function writeJobState(directory: string, state: JobState): string {
  const path = jobStatePath(directory, state.job);
  mkdirSync(join(directory, "jobs"), { recursive: true, mode: 0o755 });
  const temporary = `${path}.tmp-${process.pid}`;
  const descriptor = openSync(temporary, "w", 0o644);
  try {
    writeSync(descriptor, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  return path;
}

/** Moves a state file that cannot be read aside (`…json.corrupt`), so the next write starts afresh and keeps the evidence. */
export function setAsideState(path: string): string {
  const aside = `${path}.corrupt`;
  renameSync(path, aside);
  return aside;
}
