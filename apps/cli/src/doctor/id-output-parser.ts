/** Who `id` says the commands run as. */
export interface UserIdentity {
  readonly uid: number;
  readonly user: string;
  readonly groups: readonly string[];
}

/**
 * Parses `id` (`uid=1001(backup) gid=1001(backup) groups=1001(backup),27(sudo)`);
 * undefined when the output is not in that form. A uid or group without a name
 * (`uid=1005`) keeps its number as the name, as `zfs allow` would print it.
 */
export function parseIdOutput(output: string): UserIdentity | undefined {
  const uid = /\buid=(\d+)(?:\(([^)]*)\))?/.exec(output);
  if (uid?.[1] === undefined) return undefined;
  const groups = /\bgroups=(\S+)/.exec(output)?.[1] ?? "";
  const gid = /\bgid=(\d+)(?:\(([^)]*)\))?/.exec(output);
  const names = groups
    .split(",")
    .map((entry) => /^(\d+)(?:\(([^)]*)\))?$/.exec(entry))
    .flatMap((match) => (match?.[1] === undefined ? [] : [match[2] ?? match[1]]));
  const primary = gid?.[1] === undefined ? [] : [gid[2] ?? gid[1]];
  return {
    uid: Number(uid[1]),
    user: uid[2] ?? uid[1],
    groups: [...new Set([...primary, ...names])],
  };
}
