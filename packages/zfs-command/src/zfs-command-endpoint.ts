import {
  type Dataset,
  ErrorCode,
  parseBookmarkName,
  parseDatasetName,
  parseSnapshotName,
  parseZfsName,
  type SnapshotOrBookmark,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";
import type { CommandRunner } from "./command-runner.js";
import { createParents } from "./dataset-parents.js";
import { parseSendSize } from "./send-size-parser.js";
import { checkSnapshotBatch } from "./snapshot-batch-check.js";
import { checkHoldTag } from "./zfs-argument-guard.js";
import * as argvOf from "./zfs-argv.js";
import { ZfsCommandContext } from "./zfs-command-context.js";
import { resolveZfsCommandOptions, type ZfsCommandEndpointOptions } from "./zfs-command-options.js";
import { onlyMissingDatasets } from "./zfs-error-mapper.js";
import { parseDatasetProperties } from "./zfs-get-parser.js";
import { parseHoldTags } from "./zfs-holds-parser.js";
import { parseSnapshotList } from "./zfs-list-parser.js";
import * as operations from "./zfs-operation.js";
import { checkReceiveRequest, checkSendRequest } from "./zfs-request-check.js";
import { startReceive, startSend } from "./zfs-transfer-handles.js";

/**
 * A ZfsEndpoint that runs the `zfs` command line through `runner`. Every name is
 * checked before it goes into an argv; every failure becomes a ZrelayError that
 * names the host and the dataset. The runner decides where the commands run
 * (local processes, an SSH connection); this layer knows neither.
 */
export function createZfsCommandEndpoint(
  runner: CommandRunner,
  options: ZfsCommandEndpointOptions = {},
): ZfsEndpoint {
  const { zfsCommand: zfs, capabilities } = resolveZfsCommandOptions(options);
  const context = new ZfsCommandContext(runner, zfs);
  const { host } = runner;
  const names = { host };

  // A listing of an absent root is empty, not an error.
  async function listing<T>(root: string, argv: string[], read: (stdout: string) => T[]): Promise<T[]> {
    const operation = operations.listOperation(root);
    const result = await context.run(argv);
    if (result.exitCode !== 0 && !onlyMissingDatasets(result.stderr)) {
      throw context.failure(operation, argv, result);
    }
    return context.readOutput(operation, argv, read, result.stdout);
  }

  // Runs argv; stderr matching `alreadyDone` means the wanted state already holds.
  async function change(
    argv: string[],
    operation: operations.ZfsOperation,
    alreadyDone?: RegExp,
  ): Promise<void> {
    const result = await context.run(argv);
    if (result.exitCode === 0 || (alreadyDone?.test(result.stderr) ?? false)) return;
    throw context.failure(operation, argv, result);
  }

  // Every method is async, so a refused name rejects instead of throwing at the call.
  return Object.freeze({
    host,
    capabilities,

    async listDatasets(root: string): Promise<Dataset[]> {
      const name = parseDatasetName(root, names);
      return listing(name, argvOf.getDatasetsArgv(zfs, name), parseDatasetProperties);
    },

    async listSnapshots(root: string): Promise<SnapshotOrBookmark[]> {
      const name = parseDatasetName(root, names);
      return listing(name, argvOf.listSnapshotsArgv(zfs, name), parseSnapshotList);
    },

    async estimateSendSize(request) {
      const argv = argvOf.sendArgv(zfs, checkSendRequest(request, host), true);
      const operation = operations.sendOperation(request, true);
      const result = await context.run(argv);
      if (result.exitCode !== 0) throw context.failure(operation, argv, result);
      // Old zfs versions printed the dry-run estimate on stderr.
      return parseSendSize(result.stdout) ?? parseSendSize(result.stderr);
    },

    send(request, sink) {
      return startSend(
        context,
        operations.sendOperation(request),
        () => argvOf.sendArgv(zfs, checkSendRequest(request, host)),
        sink,
      );
    },

    receive(request) {
      return startReceive(context, operations.receiveOperation(request), () =>
        argvOf.receiveArgv(zfs, checkReceiveRequest(request, host)),
      );
    },

    // Nothing to discard counts as discarded: the plan step wanted no partial state.
    async abortResumableReceive(dataset: string): Promise<void> {
      const name = parseDatasetName(dataset, names);
      return change(
        argvOf.abortReceiveArgv(zfs, name),
        operations.abortReceiveOperation(name),
        /does not have any resumable receive state to abort/,
      );
    },

    createParents: async (dataset, options) => createParents(context, dataset, options),

    // Holding twice with the same tag, or releasing a tag already gone, is a no-op.
    async hold(snapshot: string, tag: string): Promise<void> {
      parseSnapshotName(snapshot, names);
      const argv = argvOf.holdArgv(zfs, snapshot, checkHoldTag(tag, host));
      return change(argv, operations.holdOperation(snapshot, tag), /tag already exists on this dataset/);
    },

    async release(snapshot: string, tag: string): Promise<void> {
      parseSnapshotName(snapshot, names);
      const argv = argvOf.releaseArgv(zfs, snapshot, checkHoldTag(tag, host));
      return change(argv, operations.releaseOperation(snapshot, tag), /no such tag on this dataset/);
    },

    async holds(snapshot: string): Promise<string[]> {
      parseSnapshotName(snapshot, names);
      const argv = argvOf.holdsArgv(zfs, snapshot);
      const operation = operations.holdsOperation(snapshot);
      return context.readOutput(operation, argv, parseHoldTags, await context.runOrFail(argv, operation));
    },

    async createSnapshots(snapshots: readonly string[]): Promise<void> {
      const argv = argvOf.snapshotArgv(zfs, checkSnapshotBatch(snapshots, host));
      return change(argv, operations.snapshotOperation(snapshots));
    },

    async bookmark(snapshot: string, bookmark: string): Promise<void> {
      const from = parseSnapshotName(snapshot, names);
      const to = parseBookmarkName(bookmark, names);
      if (from.dataset !== to.dataset) {
        throw new ZrelayError(
          ErrorCode.INVALID_NAME,
          `bookmark ${bookmark} of ${snapshot} on ${host} refused: a bookmark must be in the snapshot's own dataset`,
          { host, dataset: bookmark, hint: `Name it ${from.dataset}#${to.name}.` },
        );
      }
      return change(
        argvOf.bookmarkArgv(zfs, snapshot, bookmark),
        operations.bookmarkOperation(snapshot, bookmark),
      );
    },

    async rollback(snapshot: string): Promise<void> {
      parseSnapshotName(snapshot, names);
      return change(argvOf.rollbackArgv(zfs, snapshot), operations.rollbackOperation(snapshot));
    },

    async destroy(snapshotOrBookmark: string): Promise<void> {
      // Only `@` or `#` names get this far: a dataset name is refused before any argv exists.
      if (parseZfsName(snapshotOrBookmark, names).kind === "dataset") {
        throw new ZrelayError(
          ErrorCode.INVALID_NAME,
          `destroy of ${snapshotOrBookmark} on ${host} refused: zrelay destroys only snapshots (@) and bookmarks (#), never a dataset`,
          {
            host,
            dataset: snapshotOrBookmark,
            hint: "Name the snapshot (dataset@name) or bookmark (dataset#name).",
          },
        );
      }
      return change(
        argvOf.destroyArgv(zfs, snapshotOrBookmark),
        operations.destroyOperation(snapshotOrBookmark),
      );
    },

    // One command per dataset; snapshots already gone are no error (OpenZFS skips them too).
    async destroySnapshots(dataset: string, shortNames: readonly string[]): Promise<void> {
      const name = parseDatasetName(dataset, names);
      for (const short of shortNames) parseSnapshotName(`${name}@${short}`, names);
      if (shortNames.length === 0) return;
      const list = `${name}@${shortNames.join(",")}`;
      return change(
        argvOf.destroySnapshotsArgv(zfs, name, shortNames),
        operations.destroyOperation(list),
        /could not find any snapshots to destroy/,
      );
    },
  } satisfies ZfsEndpoint);
}
