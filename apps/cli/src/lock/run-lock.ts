import { createHash } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, ZrelayError } from "@zrelay/core";
import { holderIsAlive, type LockHolder, parseHolder, serializeHolder } from "./lock-holder.js";

/** A lock this process holds. */
export interface RunLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Options of `acquireRunLock`. */
export interface RunLockOptions {
  /** Directory of the lock files (created if missing). */
  readonly directory: string;
  /** Who we are, written into the lock file. */
  readonly holder: LockHolder;
  /** Told when a lock of a process that no longer runs is taken over. */
  readonly onTakeover?: (stale: LockHolder | undefined, path: string) => void;
}

/**
 * Takes the lock `name` or throws LOCK_HELD naming the holder's PID and start
 * time. The lock file is created complete (written aside, then hard-linked into
 * place, which fails if it exists), so nobody ever reads a half-written lock.
 * A lock whose process is gone is taken over: renamed away, checked to be the
 * one judged stale (another run may have taken it over meanwhile), then replaced.
 */
export function acquireRunLock(name: string, options: RunLockOptions): RunLock {
  mkdirSync(options.directory, { recursive: true, mode: 0o755 });
  const path = join(options.directory, lockFileName(name));
  const mine = serializeHolder(options.holder);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, mine, options.holder.pid)) return ownedLock(path, mine);
    const seen = readOrUndefined(path);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(seen);
    if (holder !== undefined && holderIsAlive(holder)) throw lockHeldError(name, holder, path);
    if (takeOverStale(path, seen, options.holder.pid)) options.onTakeover?.(holder, path);
  }
  throw lockHeldError(name, parseHolder(readOrUndefined(path) ?? ""), path);
}

/** `target-localhost-backup_hs-1a2b3c4d.lock`: readable, and distinct for distinct names. */
export function lockFileName(name: string): string {
  const readable = name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  const digest = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${readable}-${digest}.lock`;
}

/** Creates the lock file complete, or returns false when it exists. */
export function tryCreate(path: string, content: string, pid: number): boolean {
  const aside = `${path}.new-${pid}`;
  writeFileSync(aside, content, { mode: 0o644 });
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

function takeOverStale(path: string, staleContent: string, pid: number): boolean {
  const aside = `${path}.stale-${pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // someone else moved it first
  }
  if (readOrUndefined(aside) === staleContent) {
    unlinkSync(aside);
    return true;
  }
  // Not the lock we judged stale: a run took it over meanwhile. Put it back.
  try {
    linkSync(aside, path);
  } catch {
    // A third run holds the name now; its lock stands.
  }
  unlinkSync(aside);
  return false;
}

/** The lock at `path` holding `content`, released only while it still holds it. */
export function ownedLock(path: string, content: string): RunLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      if (readOrUndefined(path) === content) unlinkSync(path);
    },
  };
}

/** The text of a lock file, or undefined when it is gone. */
export function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** LOCK_HELD naming the holder of the lock `name`; `overlapping` names ours when it differs. */
export function lockHeldError(
  name: string,
  holder: LockHolder | undefined,
  path: string,
  overlapping?: string,
): ZrelayError {
  const around = overlapping === undefined || overlapping === name ? "" : `, which overlaps ${overlapping}`;
  const who = holder === undefined ? "an unknown process" : `PID ${holder.pid}, started ${holder.startedAt}`;
  return new ZrelayError(
    ErrorCode.LOCK_HELD,
    `Another zrelay run holds the lock of ${name} (${who})${around}.`,
    {
      hint:
        `Wait for it to finish, or stop it if it hangs${holder === undefined ? "" : ` (kill ${holder.pid})`}. ` +
        `The lock file is ${path}; a lock whose process no longer runs is taken over automatically.`,
    },
  );
}
