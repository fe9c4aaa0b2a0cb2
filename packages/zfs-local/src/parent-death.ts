import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Argv that makes the command die with zrelay. A stream's processes are joined
 * pipe to pipe (zfs send → ssh, ssh → zfs receive -s) without Node in between,
 * so zrelay's death (SIGKILL, OOM killer) closes no pipe of theirs: they would
 * finish the transfer on their own, re-parented to init, with the lock already
 * free. util-linux `setpriv --pdeathsig TERM` sets PR_SET_PDEATHSIG, then execs
 * the command in the same process (same PID, so /proc byte counters still
 * apply): the kernel sends it SIGTERM the moment zrelay's process dies. SIGTERM,
 * not SIGKILL, so a receive saves its resume token (OpenZFS does either way; the
 * emulator only on a signal it can catch). A dying local ssh closes its
 * connection, and the remote zfs ends on the closed pipe (see docs/cli.md, Signals).
 * Where setpriv is missing (not Linux, a minimal image), the command runs as is;
 * so does a command that is not found, which then fails as it would unwrapped.
 */
export function dyingWithParent(argv: readonly string[], path: string | undefined): readonly string[] {
  const [file = ""] = argv;
  if (findExecutable(file, path) === undefined) return argv;
  setprivFile ??= findExecutable("setpriv", `${path ?? ""}${delimiter}/usr/bin${delimiter}/bin`) ?? null;
  return setprivFile === null ? argv : [setprivFile, "--pdeathsig", "TERM", "--", ...argv];
}

let setprivFile: string | null | undefined;

function findExecutable(name: string, path: string | undefined): string | undefined {
  if (name.includes("/")) return isExecutable(name) ? name : undefined;
  return (path ?? "")
    .split(delimiter)
    .filter((directory) => directory !== "")
    .map((directory) => join(directory, name))
    .find(isExecutable);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
