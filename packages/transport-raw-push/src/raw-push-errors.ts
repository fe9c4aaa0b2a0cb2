import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";

/** Where a dataset lives, for messages. */
export interface DatasetAt {
  readonly dataset: string;
  readonly host: string;
}

/** An unencrypted source without `--allow-unencrypted`. */
export function sourceNotEncrypted(source: DatasetAt, targetHost: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.SOURCE_NOT_ENCRYPTED,
    `${source.dataset} on ${source.host} is not encrypted; pushing it would store it readable on ${targetHost}.`,
    {
      ...source,
      hint:
        `Replicate it into an encrypted dataset and push that, leave it out (${policyReference("exclude")}), ` +
        `or push it anyway with ${policyReference("allowUnencrypted")} (a warning is printed on every run).`,
    },
  );
}

/**
 * The target copy of an encrypted source is not encrypted: the data was sent
 * decrypted somewhere and the offsite host holds it in plain text. `source` is
 * undefined for a receive no push planned (it had to be encrypted all the same).
 */
export function targetNotEncrypted(
  target: DatasetAt,
  source: DatasetAt | undefined,
  when: "before" | "after",
): ZrelayError {
  const state =
    when === "after"
      ? `arrived on ${target.host} unencrypted (encryption=off)`
      : `already exists on ${target.host} unencrypted (encryption=off)`;
  const rule =
    source === undefined
      ? "only encrypted data may be pushed there"
      : `its source ${source.dataset} on ${source.host} is encrypted`;
  return new ZrelayError(
    ErrorCode.TARGET_NOT_ENCRYPTED,
    `${target.dataset} ${state}, but ${rule}: ${target.host} can read it. zrelay stopped pushing to it.`,
    {
      ...target,
      hint:
        `Destroy the plain-text copy on ${target.host} (zfs destroy -r ${target.dataset}) and push again; ` +
        "zrelay then sends it raw (zfs send -w) from scratch. If it arrived that way, report a zrelay bug.",
    },
  );
}

/**
 * The target is an empty unencrypted placeholder (zrelay made it, `canmount=off`, for
 * children pushed earlier). ZFS cannot receive an encrypted dataset over it, not even
 * with `-F`, so the planner's "exists without snapshots" would mislead.
 */
export function unencryptedPlaceholder(target: DatasetAt, source: DatasetAt): ZrelayError {
  return new ZrelayError(
    ErrorCode.CONFLICT_TARGET_NOT_EMPTY,
    `${target.dataset} exists on ${target.host} as an empty unencrypted dataset (a placeholder for its ` +
      `children), and ZFS cannot receive the encrypted ${source.dataset} from ${source.host} over it, ` +
      "not even with -F.",
    {
      ...target,
      hint:
        `On ${target.host}, move its children aside (zfs rename), destroy ${target.dataset}, push again, ` +
        "then move the children back; or push this dataset under another target root.",
    },
  );
}

/** A key is loaded on the untrusted host. */
export function keyExposed(target: DatasetAt, encryptionRoot: string, when: "before" | "after"): ZrelayError {
  const stop = when === "after" ? "zrelay stopped pushing to it" : "zrelay will not push to it";
  return new ZrelayError(
    ErrorCode.KEY_EXPOSED,
    `The key of ${target.dataset} (encryption root ${encryptionRoot}) is loaded on ${target.host} ` +
      `(keystatus=available): ${target.host} can read it, so ${stop}.`,
    {
      ...target,
      hint:
        `Unmount whatever is mounted from it and unload it on ${target.host} (zfs unload-key ${encryptionRoot}), ` +
        "then push again. " +
        "Restore by sending the backup back raw, or load keys only on a machine you trust.",
    },
  );
}

/**
 * A plan or request that would send something non-raw reached the route. The route
 * never builds one, so this is a zrelay bug; it is refused before any byte moves.
 */
export function nonRawRefused(what: string, dataset: string, host: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.COMMAND_FAILED,
    `refusing ${what} for ${dataset} on ${host}: a push to an untrusted host only ever sends raw (zfs send -w)`,
    { host, dataset, hint: "This is a zrelay bug; please report it with the output of this run." },
  );
}

/** A raw-push plan whose target is not what the route maps its source to. */
export function targetMismatch(source: string, planned: string, mapped: string, host: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.COMMAND_FAILED,
    `refusing to push ${source} on ${host} to ${planned}: the route maps it to ${mapped}`,
    { host, dataset: source, hint: "This is a zrelay bug; please report it with the output of this run." },
  );
}
