import { type Dataset, isEncrypted } from "../model/dataset.js";
import type { ReplicationPolicy } from "./plan-types.js";

/**
 * Whether this dataset is sent raw (`zfs send -w`). An encrypted source always goes
 * raw unless the user allowed decrypting it, so nothing encrypted at the source
 * ever lands decrypted by default; `alwaysRaw` wins over everything.
 */
export function decideRaw(source: Pick<Dataset, "encryption">, policy: ReplicationPolicy): boolean {
  if (policy.alwaysRaw) return true;
  return isEncrypted(source) && !policy.allowDecrypt;
}
