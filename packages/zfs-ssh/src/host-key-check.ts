import { hostFieldMatches, type KnownHostEntry } from "./known-hosts-file.js";
import { hostKeyType } from "./ssh-host-key.js";

/** What known_hosts says about the key a host presented. */
export type HostKeyVerdict =
  | { readonly kind: "known" }
  | { readonly kind: "unknown" }
  /** known_hosts holds another key of the same type for this host. */
  | { readonly kind: "changed"; readonly known: readonly KnownHostEntry[] }
  /** known_hosts holds keys for this host, but only of other types. */
  | { readonly kind: "other-type"; readonly known: readonly KnownHostEntry[] }
  | { readonly kind: "revoked"; readonly entry: KnownHostEntry };

/**
 * Checks `key` for `name` (`host` or `[host]:port`) against known_hosts lines,
 * as OpenSSH does: a revoked key is refused whoever presents it, a listed key
 * is accepted, a different key of the same type is a changed key.
 * `@cert-authority` lines are ignored: host certificates are not supported.
 */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const revoked = entries.find((entry) => entry.marker === "revoked" && entry.key.equals(key));
  if (revoked !== undefined) return { kind: "revoked", entry: revoked };
  const forHost = hostEntries(entries, name);
  if (forHost.some((entry) => entry.key.equals(key))) return { kind: "known" };
  const type = hostKeyType(key);
  const sameType = forHost.filter((entry) => hostKeyType(entry.key) === type);
  if (sameType.length > 0) return { kind: "changed", known: sameType };
  if (forHost.length > 0) return { kind: "other-type", known: forHost };
  return { kind: "unknown" };
}

/** Key types known_hosts holds for `name`, in file order, without repeats. */
export function knownHostKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  return [...new Set(hostEntries(entries, name).map((entry) => hostKeyType(entry.key)))];
}

function hostEntries(entries: readonly KnownHostEntry[], name: string): KnownHostEntry[] {
  return entries.filter((entry) => entry.marker === undefined && hostFieldMatches(entry.hosts, name));
}
