import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { type DatasetTree, treesOverlap } from "../job/dataset-trees.js";
import { holderIsAlive, type LockHolder, parseHolder } from "./lock-holder.js";
import {
  acquireRunLock,
  lockFileName,
  lockHeldError,
  ownedLock,
  type RunLock,
  readOrUndefined,
  tryCreate,
} from "./run-lock.js";

/** Options of `acquireTreeLocks`. */
export interface TreeLockOptions {
  /** Directory of the lock files (created if missing). */
  readonly directory: string;
  /** Who we are, written into each lock file. */
  readonly holder: LockHolder;
  /** Told when the lock of a process that no longer runs is removed. */
  readonly onTakeover?: (stale: LockHolder | undefined, path: string) => void;
  /** Told each time the directory guard is found held by another live run (a test observes the race). */
  readonly onGuardBusy?: () => void;
  /** Called with the guard held, after the scan, before our lock files are written (a test seam). */
  readonly afterScan?: () => Promise<void> | void;
  /** How long to wait for the directory guard, which a live run holds only while it scans. Default 10 s. */
  readonly guardWaitMs?: number;
}

/** `target localhost backup/hs`: the lock's name in messages and, made plain, its file name. */
export function treeLockName(tree: DatasetTree): string {
  return `${tree.role === "target" ? "target" : "source"} ${tree.machine} ${tree.dataset}`;
}

/** What a tree lock file holds: the holder, and the tree, so that a scan can compare trees. */
interface TreeLockFile extends LockHolder {
  readonly tree: DatasetTree;
}

const GUARD = "directory guard";
const GUARD_POLL_MS = 10;

/**
 * Locks every tree of `trees` (target trees a run receives into, source trees
 * it prunes) or none: throws LOCK_HELD naming the live run that holds one of
 * them, an ancestor or a descendant of one, on the same machine. One lock file
 * per tree, named after it; nested trees have unrelated names, so the check is
 * a scan of the directory, made atomic by a guard lock held only while
 * scanning and writing (two runs starting together: one wins, the other sees
 * its locks). A lock whose process no longer runs (PID gone, or reused by a
 * process started at another time) is removed during the scan.
 */
export async function acquireTreeLocks(
  trees: readonly DatasetTree[],
  options: TreeLockOptions,
): Promise<RunLock> {
  mkdirSync(options.directory, { recursive: true, mode: 0o755 });
  const guard = await takeGuard(options);
  try {
    scanForOverlaps(trees, options);
    await options.afterScan?.();
    const held: RunLock[] = [];
    for (const tree of trees) {
      const name = treeLockName(tree);
      const path = join(options.directory, lockFileName(name));
      const content = `${JSON.stringify({ ...options.holder, tree } satisfies TreeLockFile)}\n`;
      // Two roots of one job may map to one tree: the first file covers both.
      if (held.some((lock) => lock.path === path)) continue;
      if (!tryCreate(path, content, options.holder.pid)) {
        for (const lock of held) lock.release();
        throw lockHeldError(name, parseHolder(readOrUndefined(path) ?? ""), path);
      }
      held.push(ownedLock(path, content));
    }
    return {
      path: held[0]?.path ?? options.directory,
      release: () => {
        for (const lock of held) lock.release();
      },
    };
  } finally {
    guard.release();
  }
}

function scanForOverlaps(trees: readonly DatasetTree[], options: TreeLockOptions): void {
  const guardFile = lockFileName(GUARD);
  for (const file of readdirSync(options.directory)) {
    if (!file.endsWith(".lock") || file === guardFile) continue;
    const path = join(options.directory, file);
    const text = readOrUndefined(path);
    if (text === undefined) continue; // released meanwhile
    const theirs = parseTreeLock(text);
    const holder = parseHolder(text);
    if (theirs === undefined) continue; // not a tree lock: an older zrelay's job lock
    const mine = trees.find((tree) => treesOverlap(tree, theirs.tree));
    if (mine === undefined) continue;
    if (holder !== undefined && holderIsAlive(holder)) {
      throw lockHeldError(treeLockName(theirs.tree), holder, path, treeLockName(mine));
    }
    // Under the guard nobody else writes lock files; a release may unlink it first.
    try {
      unlinkSync(path);
      options.onTakeover?.(holder, path);
    } catch {
      // Gone already.
    }
  }
}

function parseTreeLock(text: string): TreeLockFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<TreeLockFile>;
    const tree = value.tree;
    if (typeof tree?.machine !== "string" || typeof tree.dataset !== "string") return undefined;
    return value as TreeLockFile;
  } catch {
    return undefined;
  }
}

async function takeGuard(options: TreeLockOptions): Promise<RunLock> {
  const deadline = Date.now() + (options.guardWaitMs ?? 10_000);
  for (;;) {
    try {
      return acquireRunLock(GUARD, { directory: options.directory, holder: options.holder });
    } catch (error) {
      if (!isZrelayError(error, ErrorCode.LOCK_HELD) || Date.now() >= deadline) throw error;
      options.onGuardBusy?.();
      await new Promise((resolve) => setTimeout(resolve, GUARD_POLL_MS));
    }
  }
}
