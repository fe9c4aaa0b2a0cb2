/**
 * Test-only notation for planner tables (not exported from the package).
 *
 * `"@a,1 @b,2 #b,2"`: snapshot a at createtxg 1, snapshot b at 2, bookmark b at 2.
 * The guid of `@a` is `guidOf("a")` unless given: `@x=a,10` is a snapshot named x with
 * a's guid (a rename), `@a=7,10` one named a with guid 7 (same name, another snapshot).
 */
import type { Dataset } from "../model/dataset.js";
import { decodeResumeToken, encodeResumeToken } from "../model/resume-token-codec.js";
import type { Bookmark, Snapshot } from "../model/snapshot.js";
import type { PlanConflict } from "./plan-conflict.js";
import {
  defaultPolicy,
  incrementalEnd,
  type PlanInput,
  type PlanResult,
  type PlanStep,
  type ReplicationPolicy,
} from "./plan-types.js";

export const SOURCE = "tank/data";
export const TARGET = "backup/host/data";

/** A stable guid per name: FNV-1a 64, so most are far above 2^53. */
export function guidOf(name: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash;
}

export function points(dataset: string, spec: string): Array<Snapshot | Bookmark> {
  return spec
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word) => {
      const match = /^([@#])([^=,]+)(?:=([^,]+))?,(\d+)$/.exec(word);
      if (!match) throw new Error(`bad notation ${word}`);
      const [, sigil, name = "", guid, createtxg = ""] = match;
      return {
        kind: sigil === "@" ? "snapshot" : "bookmark",
        dataset,
        name,
        guid: guid === undefined ? guidOf(name) : /^\d+$/.test(guid) ? BigInt(guid) : guidOf(guid),
        createtxg: BigInt(createtxg),
        creation: 1_700_000_000 + Number(createtxg),
      } as Snapshot | Bookmark;
    });
}

export const snapshotsIn = (dataset: string, spec: string): Snapshot[] =>
  points(dataset, spec).filter((point): point is Snapshot => point.kind === "snapshot");
export const bookmarksIn = (dataset: string, spec: string): Bookmark[] =>
  points(dataset, spec).filter((point): point is Bookmark => point.kind === "bookmark");

export interface Scenario {
  /** Source snapshots and bookmarks. */
  readonly source: string;
  /** Target snapshots; undefined when the target dataset does not exist. */
  readonly target: string | undefined;
  readonly parentExists?: boolean;
  readonly encrypted?: boolean;
  /** An interrupted receive of `to` (from `from`, or full), by notation name. */
  readonly token?: { readonly to: string; readonly from?: string; readonly raw?: boolean };
  readonly policy?: Partial<ReplicationPolicy>;
  /** The target's `written`: bytes written since its latest snapshot. */
  readonly written?: number;
}

export function scenario(s: Scenario): PlanInput {
  const token =
    s.token &&
    decodeResumeToken(
      encodeResumeToken({
        toName: `${SOURCE}@${s.token.to}`,
        toGuid: guidOf(s.token.to),
        fromGuid: s.token.from === undefined ? undefined : guidOf(s.token.from),
        bytes: 1234n,
        raw: s.token.raw ?? false,
      }),
    );
  return {
    source: {
      dataset: dataset(SOURCE, s.encrypted ? "aes-256-gcm" : "off", undefined),
      snapshots: snapshotsIn(SOURCE, s.source),
      bookmarks: bookmarksIn(SOURCE, s.source),
    },
    target: {
      name: TARGET,
      dataset:
        s.target === undefined
          ? undefined
          : { ...dataset(TARGET, "off", token?.token), written: s.written ?? 0 },
      snapshots: s.target === undefined ? [] : snapshotsIn(TARGET, s.target),
      resumeToken: token,
      parentExists: s.parentExists ?? true,
    },
    policy: { ...defaultPolicy, ...s.policy },
  };
}

function dataset(name: string, encryption: string, resumeToken: string | undefined): Dataset {
  const encrypted = encryption !== "off";
  return {
    name,
    type: "filesystem",
    guid: guidOf(name),
    encryption,
    encryptionRoot: encrypted ? name : undefined,
    keyStatus: encrypted ? "available" : "none",
    canmount: "on",
    resumeToken,
  };
}

/** The plan in one line per step, or one line for any other outcome. */
export function summarize(result: PlanResult): string[] {
  if (result.outcome === "conflict") return [conflictLine(result)];
  if (result.outcome === "skip") return [`skip: ${result.reason}`];
  if (result.outcome === "up-to-date") return [`up-to-date @${result.latest.name}`];
  return result.steps.map((step) => stepLine(step, result.target));
}

function stepLine(step: PlanStep, target: string): string {
  const raw = "raw" in step && step.raw ? " [raw]" : "";
  switch (step.kind) {
    case "create-parents":
      return `create-parents ${target}`;
    case "abort-resume":
      return `abort-resume: ${step.reason}`;
    case "resume":
      return `resume @${step.snapshot.name}${raw}`;
    case "rollback":
      return `rollback to @${step.to.name}${step.destroys.length > 0 ? ` destroying ${at(step.destroys)}` : ""}${
        step.discardsWritten ? ` discarding ${step.discardsWritten} written` : ""
      }`;
    case "full":
      return `full @${step.snapshot.name}${step.force ? " force" : ""}${raw}`;
    case "incremental": {
      const from = `${step.from.kind === "snapshot" ? "@" : "#"}${step.from.name}`;
      return `${step.intermediates ? "-I" : "-i"} ${from} -> @${incrementalEnd(step).name}: ${at(step.snapshots)}${raw}`;
    }
  }
}

function conflictLine(conflict: PlanConflict): string {
  switch (conflict.kind) {
    case "diverged":
      return `conflict diverged: common @${conflict.latestCommon.name}, target-only ${at(conflict.targetOnly)}`;
    case "no-common-snapshot":
      return `conflict no-common-snapshot: ${at(conflict.targetSnapshots)}`;
    case "modified":
      return `conflict modified: since @${conflict.latest.name}, ${conflict.written} written`;
    case "target-not-empty":
      return "conflict target-not-empty";
  }
}

const at = (snapshots: readonly Snapshot[]): string => snapshots.map((s) => `@${s.name}`).join(" ");
