/*
 * Names of the snapshots zrelay takes: `<prefix>_<UTC time>`, e.g.
 * `zrelay_nightly_2026-12-03T02:30:00Z`. The prefix says who made it (zrelay, which
 * job); the ISO-8601 UTC time with whole seconds sorts as text in time order, and
 * every character is legal in a ZFS name and needs no quoting in a shell.
 */

// Letters, digits and `_ . : -`: nothing a shell or a `zfs list` reader must quote.
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const MAX_PREFIX = 100;
const STAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z$/;

/** Why `prefix` cannot start zrelay's snapshot names, or undefined when it can. */
export function snapshotPrefixViolation(prefix: string): string | undefined {
  if (prefix === "") return "is empty";
  if (!PREFIX.test(prefix)) {
    return 'may only contain letters, digits, "_", ".", ":" and "-", starting with a letter or digit';
  }
  if (prefix.length > MAX_PREFIX) return `is longer than ${MAX_PREFIX} characters`;
  return undefined;
}

/** The prefix a job's snapshots get unless it names one: `zrelay_<job>`. */
export function defaultSnapshotPrefix(job: string): string {
  return `zrelay_${job}`;
}

/** `2026-12-03T02:30:00Z`: the UTC time, whole seconds. */
export function snapshotTimestamp(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/** `<prefix>_<UTC time>`: the short name (after `@`) of a snapshot zrelay takes at `time`. */
export function timedSnapshotName(prefix: string, time: Date): string {
  return `${prefix}_${snapshotTimestamp(time)}`;
}

/** The time in a short name `timedSnapshotName(prefix, …)` made, or undefined when it is not one. */
export function timeOfSnapshotName(name: string, prefix: string): Date | undefined {
  if (!name.startsWith(`${prefix}_`)) return undefined;
  const stamp = STAMP.exec(name.slice(prefix.length + 1));
  if (stamp === null) return undefined;
  const time = new Date(`${stamp[1]}T${stamp[2]}Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
