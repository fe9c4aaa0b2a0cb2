import type { JobKind } from "../job/job-definition.js";

/** Keys every job kind accepts, and `defaults` too. */
export const OPTION_KEYS = [
  "exclude",
  "include-snapshots",
  "exclude-snapshots",
  "jobs",
  "allow-rollback",
  "force",
  "bwlimit",
  "accept-new-host-key",
  "check-warn",
  "check-crit",
  "check-source-warn",
  "hold",
  "chain-tag",
  "prune-source",
  "prune-target",
] as const;

/** Keys that say where a job's data comes from and goes, per kind. */
const PLACE_KEYS: Readonly<Record<JobKind, readonly string[]>> = {
  pull: ["from", "source", "datasets", "dest", "allow-decrypt", "snapshot"],
  push: ["to", "target", "datasets", "strip-prefix", "target-root", "allow-unencrypted"],
  sync: ["from", "to", "source", "target", "allow-decrypt", "snapshot"],
};

export const JOB_KINDS: readonly JobKind[] = ["pull", "push", "sync"];

export const TOP_LEVEL_KEYS = ["defaults", "jobs", "state-dir"] as const;
export const HOST_KEYS = ["host", "user", "port", "identity", "sudo", "ssh-data-path", "zfs-path"] as const;
/** `defaults` holds the options plus the SSH settings shared by every remote host. */
export const DEFAULTS_KEYS = [
  "user",
  "port",
  "identity",
  "sudo",
  "ssh-data-path",
  ...OPTION_KEYS,
  "allow-unencrypted",
  "allow-decrypt",
  "parallel-jobs",
] as const;

/** Keys a job of `kind` accepts; with no valid kind, every key some job accepts. */
export function jobKeys(kind: JobKind | undefined): string[] {
  const places =
    kind === undefined ? [...new Set(JOB_KINDS.flatMap((k) => PLACE_KEYS[k]))] : PLACE_KEYS[kind];
  return ["kind", ...places, ...OPTION_KEYS, "after"];
}

/**
 * `unknown key 'excludes' — did you mean 'exclude'? allowed: …`. A key that
 * belongs to another job kind says so, since that is the likelier mistake.
 */
export function unknownKeyMessage(key: string, allowed: readonly string[], kind?: JobKind): string {
  const list = `allowed: ${allowed.join(", ")}`;
  if (kind !== undefined) {
    const owners = JOB_KINDS.filter((other) => other !== kind && PLACE_KEYS[other].includes(key));
    if (owners.length > 0) {
      return `'${key}' is not allowed in a ${kind} job (only in ${owners.join(" and ")} jobs); ${list}`;
    }
  }
  const suggestion = closestKey(key, allowed);
  const guess = suggestion === undefined ? ";" : ` — did you mean '${suggestion}'?`;
  return `unknown key '${key}'${guess} ${list}`;
}

/** The allowed key a typo most likely meant: same words in another case/separator, or a near miss. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const normalized = key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .toLowerCase();
  if (normalized !== key && allowed.includes(normalized)) return normalized;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word may be wrong; beyond that the guess is noise.
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
