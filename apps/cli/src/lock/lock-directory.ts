import { accessSync, constants } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/**
 * Where run locks live: `$ZRELAY_LOCK_DIR`; else `/run/zrelay` when it or /run
 * is writable (root, or a directory the admin made); else `$XDG_RUNTIME_DIR/zrelay`; else a per-user
 * directory in the temp dir. All but the last are cleared at boot.
 */
export function defaultLockDirectory(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.ZRELAY_LOCK_DIR;
  if (configured !== undefined && configured !== "") return configured;
  if (isWritable("/run/zrelay") || isWritable("/run")) return "/run/zrelay";
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && runtime !== "") return join(runtime, "zrelay");
  return join(tmpdir(), `zrelay-${userInfo().uid}`);
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
