import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { parentOf } from "../names/dataset-hierarchy.js";

/** A root the user asked for that the source host does not have. */
export function missingRootError(root: string, host: string): ZrelayError {
  const around = parentOf(root) ?? root;
  return new ZrelayError(ErrorCode.DATASET_NOT_FOUND, `Dataset ${root} does not exist on ${host}.`, {
    host,
    dataset: root,
    hint: `Check the name (zfs list -r ${around} on ${host}) and fix it in the command line or config.`,
  });
}
