import { readFile } from "node:fs/promises";
import { ErrorCode, ZrelayError } from "@zrelay/core";
import { LineCounter, parseDocument } from "yaml";
import type { JobDefinition } from "../job/job-definition.js";
import { type ConfigDefaults, EMPTY_DEFAULTS, readDefaults } from "./config-defaults.js";
import { ConfigFileError, ConfigIssueList } from "./config-issues.js";
import { readJob } from "./config-job.js";
import { TOP_LEVEL_KEYS, unknownKeyMessage } from "./config-keys.js";
import { readStateDir } from "./config-monitoring.js";
import { type ConfigEntry, type ConfigReader, mapEntries, valueAt } from "./config-nodes.js";
import { checkJobOrder } from "./config-order.js";
import { checkJobOverlaps } from "./config-overlaps.js";

/** Where `zrelay run` looks when no `--config` is given. */
export const DEFAULT_CONFIG_PATH = "/etc/zrelay/zrelay.yaml";

/** A checked config file. */
export interface ZrelayConfig {
  /** The file it came from, for messages. */
  readonly path: string;
  /** The `defaults` section over zrelay's built-in defaults (already applied to every job). */
  readonly defaults: ConfigDefaults;
  /** Every job, in the order the file lists them. */
  readonly jobs: readonly JobDefinition[];
  /** `state-dir`: where the run state lives (docs/monitoring.md); undefined: the default. */
  readonly stateDir?: string | undefined;
}

/**
 * Reads and checks a config file. Throws ZrelayError USAGE when it cannot be
 * read, and a ConfigFileError (code USAGE) listing every problem in it.
 */
export async function loadConfigFile(path: string = DEFAULT_CONFIG_PATH): Promise<ZrelayConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseConfig(text, path);
}

/** Checks config text; `path` only names the file in messages. Throws ConfigFileError. */
export function parseConfig(text: string, path: string): ZrelayConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues = new ConfigIssueList(lineCounter);
  for (const problem of [...document.errors, ...document.warnings]) {
    issues.add(problem.pos[0], "", `not valid YAML: ${yamlProblem(problem.code, problem.message)}`);
  }
  if (issues.count > 0) throw new ConfigFileError(path, issues.sorted());

  const reader: ConfigReader = { issues, document };
  const root = valueAt(document.contents, "", 0, reader);
  if (root.node === null) {
    issues.add(0, "", "the file is empty; it needs a 'jobs:' map (see zrelay.yaml(5))");
    throw new ConfigFileError(path, issues.sorted());
  }
  const entries = mapEntries(root, reader, "a map with the keys defaults and jobs") ?? [];
  const defaultsEntry = entries.find((entry) => entry.key === "defaults");
  const defaults = defaultsEntry === undefined ? EMPTY_DEFAULTS : readDefaults(defaultsEntry, reader);
  const jobs: { entry: ConfigEntry; job: JobDefinition }[] = [];
  let stateDir: string | undefined;
  for (const entry of entries) {
    if (entry.key === "state-dir") {
      stateDir = readStateDir(entry, reader);
      continue;
    }
    if (entry.key === "jobs") {
      const jobEntries = mapEntries(entry, reader, "a map of job names to jobs");
      if (jobEntries?.length === 0) {
        issues.add(
          entry.offset,
          entry.keyPath,
          "defines no job; add at least one, e.g. pull-storage: { kind: pull, … }",
        );
      }
      for (const job of jobEntries ?? []) {
        const definition = readJob(job, reader, defaults);
        if (definition !== undefined) jobs.push({ entry: job, job: definition });
      }
    } else if (entry.key !== "defaults") {
      issues.add(entry.keyOffset, entry.keyPath, unknownKeyMessage(entry.key, TOP_LEVEL_KEYS));
    }
  }
  if (entries.length > 0 && !entries.some((entry) => entry.key === "jobs")) {
    issues.add(root.offset, "", "missing 'jobs': the file needs a 'jobs:' map naming each job");
  }
  checkJobOverlaps(jobs, reader);
  checkJobOrder(jobs, reader);
  if (issues.count > 0) throw new ConfigFileError(path, issues.sorted());
  return { path, defaults, jobs: jobs.map((read) => read.job), stateDir };
}

// The yaml library's wording, where it speaks to programmers, in the user's terms.
const YAML_PROBLEMS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: "this key appears twice in the same map; keep one",
  MULTIPLE_DOCS: "the file holds several YAML documents (a second '---'); zrelay reads exactly one",
  TAG_RESOLVE_FAILED: "unknown tag; zrelay's config uses plain YAML values",
};

function yamlProblem(code: string, message: string): string {
  return YAML_PROBLEMS[code] ?? message.split("\n")[0] ?? message;
}

function unreadable(path: string, error: unknown): ZrelayError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return new ZrelayError(ErrorCode.USAGE, `config file ${path} does not exist`, {
      hint: "Create it (zrelay.yaml(5) describes every key; zrelay.example.yaml beside the documentation is a commented example) or name another with --config FILE.",
      cause: error,
    });
  }
  const reason =
    code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : String(error);
  return new ZrelayError(ErrorCode.USAGE, `cannot read config file ${path}: ${reason}`, {
    hint: "Run zrelay as a user who can read it, or name another with --config FILE.",
    cause: error,
  });
}
