import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";
import { isDescendantOf } from "../names/dataset-hierarchy.js";
import { quoteName } from "../names/name-violation.js";
import { parseDatasetName } from "../names/zfs-name-parser.js";

/** Turns a source dataset name into its target dataset name. */
export type TargetMapper = (source: string) => string;

/** One source dataset and where it lands. */
export interface DatasetMapping {
  readonly source: string;
  readonly target: string;
}

/**
 * Pull layout: the whole source path goes under `destPrefix`.
 * `tank/data` with `backuppool/encryptedbackups/host-storage` →
 * `backuppool/encryptedbackups/host-storage/tank/data`.
 */
export function mapWithPrefix(source: string, destPrefix: string): string {
  parseDatasetName(destPrefix, { origin: "the destination prefix" });
  return `${destPrefix}/${source}`;
}

/**
 * Push layout: drop `stripPrefix` (whole components) from the front of `source`,
 * then put `targetRoot` in front if given.
 * `backuppool/encryptedbackups/host-storage/tank/data` stripping
 * `backuppool/encryptedbackups` → `host-storage/tank/data`.
 * Throws MAPPING_OUTSIDE_PREFIX when `source` is not under the prefix, or is the
 * prefix itself and there is no `targetRoot` to map it to.
 */
export function mapStrippingPrefix(source: string, stripPrefix: string, targetRoot?: string): string {
  parseDatasetName(stripPrefix, { origin: "the prefix to strip" });
  if (targetRoot !== undefined) parseDatasetName(targetRoot, { origin: "the target root" });
  if (source === stripPrefix) {
    if (targetRoot !== undefined) return targetRoot;
    throw new ZrelayError(
      ErrorCode.MAPPING_OUTSIDE_PREFIX,
      `Dataset ${quoteName(source)} is the prefix ${quoteName(stripPrefix)} itself; stripping it leaves no name.`,
      {
        dataset: source,
        hint: "Give a target root for it, strip a shorter prefix, or replicate only the datasets below it.",
      },
    );
  }
  if (!isDescendantOf(source, stripPrefix)) {
    throw new ZrelayError(
      ErrorCode.MAPPING_OUTSIDE_PREFIX,
      `Dataset ${quoteName(source)} is not under the prefix to strip ${quoteName(stripPrefix)}.`,
      {
        dataset: source,
        hint: "Strip a prefix every replicated dataset starts with (whole components), or leave this dataset out.",
      },
    );
  }
  const rest = source.slice(stripPrefix.length + 1);
  return targetRoot === undefined ? rest : `${targetRoot}/${rest}`;
}

/**
 * Maps every source with `mapper`, in order. Throws INVALID_NAME when a target
 * is not a valid dataset name and MAPPING_COLLISION when two different sources
 * would land on the same target. A source given twice is mapped once.
 */
export function mapDatasets(sources: readonly string[], mapper: TargetMapper): DatasetMapping[] {
  const sourceByTarget = new Map<string, string>();
  const mappings: DatasetMapping[] = [];
  for (const source of new Set(sources)) {
    const target = mapper(source);
    checkTarget(source, target);
    const earlier = sourceByTarget.get(target);
    if (earlier !== undefined) {
      throw new ZrelayError(
        ErrorCode.MAPPING_COLLISION,
        `Datasets ${quoteName(earlier)} and ${quoteName(source)} would both be replicated to ${quoteName(target)}.`,
        {
          dataset: target,
          hint: "Use a prefix mapping that keeps their names apart, or replicate only one.",
        },
      );
    }
    sourceByTarget.set(target, source);
    mappings.push({ source, target });
  }
  return mappings;
}

function checkTarget(source: string, target: string): void {
  try {
    parseDatasetName(target);
  } catch (error) {
    if (!isZrelayError(error)) throw error;
    throw new ZrelayError(
      ErrorCode.INVALID_NAME,
      `Dataset ${quoteName(source)} would be replicated to an invalid name. ${error.message}`,
      { dataset: source, hint: error.hint, cause: error },
    );
  }
}
