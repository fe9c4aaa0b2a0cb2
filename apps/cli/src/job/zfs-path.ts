import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * Where `zfs` is looked for when no path is given: PATH first, then these.
 * Debian's zfsutils-linux installs /usr/sbin/zfs (/sbin/zfs on older layouts),
 * and neither is in cron's PATH nor in a non-root login's.
 */
export const ZFS_FALLBACK_DIRS: readonly string[] = ["/usr/sbin", "/sbin"];

/** Why `path` cannot be a `--zfs-path` / `zfs-path:`; undefined when it can. */
export function zfsPathProblem(path: string): string | undefined {
  if (!isAbsolute(path)) return `${JSON.stringify(path)} is not an absolute path; give e.g. /usr/sbin/zfs`;
  if (/[\0\n]/.test(path)) return `${JSON.stringify(path)} holds a NUL or newline byte`;
  return undefined;
}

/** PATH with the fallback directories appended (each once), for local zfs commands. */
export function zfsSearchPath(path: string | undefined): string {
  const dirs = (path ?? "").split(delimiter).filter((dir) => dir !== "");
  return [...dirs, ...ZFS_FALLBACK_DIRS.filter((dir) => !dirs.includes(dir))].join(delimiter);
}

/** The executable `zfs` that `zfsSearchPath(path)` finds first; undefined when there is none. */
export function findZfs(path: string | undefined): string | undefined {
  for (const dir of zfsSearchPath(path).split(delimiter)) {
    const candidate = join(dir, "zfs");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: the next directory
    }
  }
  return undefined;
}
