import { type Dataset, isEncrypted, policyReference, type ZrelayError } from "@zrelay/core";
import { type DatasetAt, keyExposed, sourceNotEncrypted, targetNotEncrypted } from "./raw-push-errors.js";

/** What the target copy of one source must look like. */
export interface EncryptionExpectation {
  /** The source it is a copy of; undefined for a receive no push planned. */
  readonly source: DatasetAt | undefined;
  /**
   * The copy must be encrypted. False only for a source that is not encrypted itself
   * and was allowed with `--allow-unencrypted`.
   */
  readonly encrypted: boolean;
}

/** The outcome of checking a source before anything is sent. */
export type SourceVerdict =
  | { readonly kind: "encrypted" }
  /** Not encrypted but allowed: push it, and say so on every run. */
  | { readonly kind: "unencrypted-allowed"; readonly warning: string }
  | { readonly kind: "refused"; readonly error: ZrelayError };

/** Pre-flight for one source dataset: encrypted, or refused unless unencrypted ones are allowed. */
export function checkSourceEncryption(
  source: Pick<Dataset, "name" | "encryption">,
  hosts: { readonly source: string; readonly target: string },
  allowUnencrypted: boolean,
): SourceVerdict {
  if (isEncrypted(source)) return { kind: "encrypted" };
  const at = { dataset: source.name, host: hosts.source };
  if (!allowUnencrypted) return { kind: "refused", error: sourceNotEncrypted(at, hosts.target) };
  return {
    kind: "unencrypted-allowed",
    warning:
      `${source.name} on ${hosts.source} is not encrypted; it is pushed raw but stays readable ` +
      `on ${hosts.target} (${policyReference("allowUnencrypted")})`,
  };
}

/**
 * Checks the target copy as listed: before a push (the target exists already) or
 * right after a receive. An untrusted host must hold encrypted data only, with its
 * key never loaded. The encryption root is not checked: a copy may legitimately
 * inherit from a pushed parent (`zfs change-key -i`, or a tree first seeded with `-R`).
 */
export function checkTargetEncryption(
  target: Pick<Dataset, "name" | "encryption" | "encryptionRoot" | "keyStatus">,
  targetHost: string,
  expectation: EncryptionExpectation,
  when: "before" | "after",
): ZrelayError | undefined {
  const at = { dataset: target.name, host: targetHost };
  if (expectation.encrypted && !isEncrypted(target)) return targetNotEncrypted(at, expectation.source, when);
  if (target.keyStatus === "available") return keyExposed(at, target.encryptionRoot ?? target.name, when);
  return undefined;
}
