import {
  ancestorsOf,
  type CreateDatasetOptions,
  ErrorCode,
  isZrelayError,
  parseDatasetName,
  ZrelayError,
} from "@zrelay/core";
import { checkProperties } from "./zfs-argument-guard.js";
import { createArgv, listExistingArgv } from "./zfs-argv.js";
import type { ZfsCommandContext } from "./zfs-command-context.js";
import { onlyMissingDatasets } from "./zfs-error-mapper.js";
import { parseNameList } from "./zfs-list-parser.js";
import { createOperation, listOperation } from "./zfs-operation.js";

/**
 * Creates every missing ancestor of `dataset`, top down, each with
 * `zfs create -o canmount=off [-o p=v]… NAME` (the caller's properties win).
 *
 * Not `zfs create -p`: -p creates the intermediate ancestors with the default
 * canmount=on and then mounts them, which fails for a delegated (non-root)
 * user ("failed to create mountpoint: Permission denied") and leaves a
 * half-made tree: receives into it then keep trying to mount. canmount=off
 * also keeps these plain containers from ever being mounted over anything.
 */
export async function createParents(
  context: ZfsCommandContext,
  dataset: string,
  options: CreateDatasetOptions | undefined,
): Promise<void> {
  const { host } = context;
  const name = parseDatasetName(dataset, { host });
  const properties = checkProperties({ canmount: "off", ...options?.properties }, host);
  const ancestors = ancestorsOf(name);
  const pool = ancestors[0];
  if (pool === undefined) return;

  const existing = await existingDatasets(context, ancestors);
  if (!existing.has(pool)) {
    throw new ZrelayError(
      ErrorCode.DATASET_NOT_FOUND,
      `create of the parents of ${name} on ${host} failed: pool ${pool} does not exist`,
      { host, dataset: name, hint: `Check the target prefix; \`zpool list\` on ${host} shows its pools.` },
    );
  }
  for (const ancestor of ancestors) {
    if (existing.has(ancestor)) continue;
    const operation = createOperation(ancestor, Object.fromEntries(properties));
    const argv = createArgv(context.zfs, ancestor, properties);
    const result = await context.run(argv);
    if (result.exitCode === 0) continue;
    const error = context.failure(operation, argv, result);
    // Another run created it in the meantime: that is what we wanted.
    if (isZrelayError(error, ErrorCode.DATASET_EXISTS)) continue;
    throw error;
  }
}

/** Which of `names` exist, in one `zfs list` call (absent ones only print an error). */
async function existingDatasets(context: ZfsCommandContext, names: readonly string[]): Promise<Set<string>> {
  const operation = listOperation(names[names.length - 1] ?? "");
  const argv = listExistingArgv(context.zfs, names);
  const result = await context.run(argv);
  if (result.exitCode !== 0 && !onlyMissingDatasets(result.stderr))
    throw context.failure(operation, argv, result);
  return new Set(context.readOutput(operation, argv, parseNameList, result.stdout));
}
