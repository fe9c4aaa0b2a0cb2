import { ErrorCode, parseDatasetName, snapshotPrefixViolation, ZrelayError } from "@zrelay/core";
import type { SnapshotFlags } from "../cli/command-flags.js";
import {
  DEFAULT_JOB_OPTIONS,
  parseDatasetLocation,
  parseHostAddress,
  patternProblem,
} from "../config/index.js";
import { jobIntoItselfProblem } from "../job/dataset-trees.js";
import type { HostSpec, JobDefinition, JobOptions } from "../job/job-definition.js";
import { zfsPathProblem } from "../job/zfs-path.js";
import type { SnapshotRequest } from "../run/snapshot-command.js";
import type { ConnectionFlags, PullFlags, PushFlags, ReplicationFlags, SyncFlags } from "./adhoc-flags.js";

/** `zrelay pull --host H --dest PREFIX DATASET...`: each dataset lands at `PREFIX/<source name>`. */
export function pullJob(flags: PullFlags, datasets: readonly string[]): JobDefinition {
  const remote = remoteSide(flags.host, "--host", flags);
  return refusingIntoItself({
    name: `pull ${remote.host}`,
    kind: "pull",
    source: remote,
    target: localSide(flags),
    datasets: datasetArguments(datasets),
    mapping: { kind: "prefix", dest: parseDatasetName(flags.dest, { origin: "--dest" }) },
    options: optionsOf(flags),
  });
}

/** `zrelay push --host H --strip-prefix P [--target-root R] DATASET...`: raw, to an offsite host. */
export function pushJob(flags: PushFlags, datasets: readonly string[]): JobDefinition {
  const remote = remoteSide(flags.host, "--host", flags);
  const targetRoot =
    flags.targetRoot === undefined
      ? undefined
      : parseDatasetName(flags.targetRoot, { origin: "--target-root" });
  return refusingIntoItself({
    name: `push ${remote.host}`,
    kind: "push",
    source: localSide(flags),
    target: remote,
    datasets: datasetArguments(datasets),
    mapping: {
      kind: "strip",
      stripPrefix: parseDatasetName(flags.stripPrefix, { origin: "--strip-prefix" }),
      ...(targetRoot === undefined ? {} : { targetRoot }),
    },
    options: optionsOf(flags),
  });
}

/** `zrelay sync SRC DST`: each side `[user@]host:dataset` or a local dataset; SRC's tree lands at DST. */
export function syncJob(flags: SyncFlags, from: string, to: string): JobDefinition {
  const source = location(from, "SRC", flags);
  const target = location(to, "DST", flags);
  return refusingIntoItself({
    name: `sync ${from} ${to}`,
    kind: "sync",
    source: source.side,
    target: target.side,
    datasets: [source.dataset],
    mapping: { kind: "rename", from: source.dataset, to: target.dataset },
    options: optionsOf(flags),
  });
}

/** Throws USAGE, before any connection, when a source tree would land inside itself. */
function refusingIntoItself(job: JobDefinition): JobDefinition {
  const problem = jobIntoItselfProblem(job);
  if (problem === undefined) return job;
  throw new ZrelayError(ErrorCode.USAGE, `${job.name}: ${problem}`, {
    hint: "Replicate into a dataset outside the source tree, or onto another host.",
  });
}

/** `zrelay snapshot [--host H] [--prefix P] DATASET...`; throws USAGE for a bad name, prefix or pattern. */
export function snapshotRequestOf(datasets: readonly string[], flags: SnapshotFlags): SnapshotRequest {
  const violation = snapshotPrefixViolation(flags.prefix);
  if (violation !== undefined) throw usage(`--prefix '${flags.prefix}' ${violation}`);
  for (const pattern of flags.exclude) {
    const problem = patternProblem(pattern, "dataset", "--exclude");
    if (problem !== undefined) throw usage(problem);
  }
  return {
    side:
      flags.host === undefined
        ? localSide(flags.connection)
        : remoteSide(flags.host, "--host", flags.connection),
    datasets: datasetArguments(datasets),
    exclude: flags.exclude,
    prefix: flags.prefix,
    dryRun: flags.dryRun,
    acceptNewHostKey: flags.connection.acceptNewHostKey === true,
  };
}

/** `--host [user@]host` with the connection flags; throws USAGE for a bad host. */
export function remoteSideOf(text: string, flags: ConnectionFlags): HostSpec {
  return remoteSide(text, "--host", flags);
}

function remoteSide(text: string, origin: string, flags: ConnectionFlags): HostSpec {
  const colon = text.lastIndexOf(":");
  if (colon > text.lastIndexOf("@")) {
    const host = text.slice(0, colon);
    const port = text.slice(colon + 1);
    const example = /^\d+$/.test(port) ? ` (${origin} ${host} --port ${port})` : "";
    throw usage(`${origin} '${text}' has a ':'; give the host alone and the sshd port with --port${example}`);
  }
  const address = parseHostAddress(text);
  if (typeof address === "string") throw usage(`${origin}: ${address}`);
  return withConnection({ host: address.host, user: address.user }, flags);
}

function location(text: string, origin: string, flags: ConnectionFlags) {
  const parsed = parseDatasetLocation(text);
  if (typeof parsed === "string") throw usage(`${origin}: ${parsed}`);
  const dataset = parseDatasetName(parsed.dataset, { origin });
  const side = parsed.remote === undefined ? localSide(flags) : withConnection(parsed.remote, flags);
  return { side, dataset };
}

/**
 * The connection flags apply to every remote side. A user in the address and a
 * different `--user` cannot both be meant: refused rather than one silently winning.
 */
function withConnection(
  address: { host: string; user?: string | undefined },
  flags: ConnectionFlags,
): HostSpec {
  if (address.user !== undefined && flags.user !== undefined && address.user !== flags.user) {
    throw usage(
      `${address.user}@${address.host} says to log in as ${address.user}, but --user says ${flags.user}; give the user once`,
    );
  }
  const user = address.user ?? flags.user;
  return {
    host: address.host,
    ...(user === undefined ? {} : { user }),
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.identity === undefined ? {} : { identity: flags.identity }),
    ...(flags.sudo ? { sudo: true } : {}),
    ...(flags.sshDataPath === undefined ? {} : { sshDataPath: flags.sshDataPath }),
    ...(flags.remoteZfsPath === undefined
      ? {}
      : { zfsPath: zfsPathOf(flags.remoteZfsPath, "--remote-zfs-path") }),
  };
}

/** This machine, with `--zfs-path` when given. */
function localSide(flags: ConnectionFlags): HostSpec {
  return flags.zfsPath === undefined ? {} : { zfsPath: zfsPathOf(flags.zfsPath, "--zfs-path") };
}

function zfsPathOf(path: string, origin: string): string {
  const problem = zfsPathProblem(path);
  if (problem !== undefined) throw usage(`${origin}: ${problem}`);
  return path;
}

function datasetArguments(datasets: readonly string[]): string[] {
  if (datasets.length === 0) throw usage("no DATASET given");
  return datasets.map((dataset) => parseDatasetName(dataset, { origin: "DATASET" }));
}

function optionsOf(flags: ReplicationFlags & ConnectionFlags): JobOptions {
  return {
    ...DEFAULT_JOB_OPTIONS,
    exclude: flags.exclude ?? [],
    includeSnapshots: flags.includeSnapshots ?? [],
    excludeSnapshots: flags.excludeSnapshots ?? [],
    jobs: flags.jobs ?? DEFAULT_JOB_OPTIONS.jobs,
    allowRollback: flags.allowRollback ?? false,
    force: flags.force ?? false,
    allowUnencrypted: flags.allowUnencrypted ?? false,
    allowDecrypt: flags.allowDecrypt ?? false,
    bwlimit: flags.bwlimit,
    acceptNewHostKey: flags.acceptNewHostKey ?? false,
    hold: flags.hold ?? false,
    chainTag: flags.chainTag,
    pruneSource: flags.pruneSource,
    pruneTarget: flags.pruneTarget,
  };
}

function usage(message: string): ZrelayError {
  return new ZrelayError(ErrorCode.USAGE, message, {
    hint: "Run zrelay help for the arguments of each command.",
  });
}
