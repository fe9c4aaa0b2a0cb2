import { randomUUID } from "node:crypto";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sleepSync } from "./descriptor-io.js";

/** How long a command waits for another emulator process before giving up. */
const LOCK_TIMEOUT_MS = 60_000;

/**
 * Runs `critical` while holding the state directory's lock: a file created
 * with O_EXCL holding "<pid> <nonce>". Critical sections are short (load,
 * apply one change, save), so waiters poll. A lock whose process is gone
 * (killed mid-section) is broken: renamed aside, checked to still be the dead
 * one, then removed.
 */
export function withStateLock<T>(root: string, critical: () => T): T {
  const path = join(root, "state.lock");
  const mine = acquire(path);
  try {
    return critical();
  } finally {
    release(path, mine);
  }
}

function acquire(path: string): string {
  const mine = `${process.pid} ${randomUUID()}`;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, mine, { flag: "wx" });
      return mine;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readLock(path);
    if (holder !== undefined && !isAlive(holder.pid)) breakStaleLock(path, holder.content);
    else if (Date.now() > deadline) {
      throw new Error(
        `zfs emulator: state lock ${path} held by pid ${holder?.pid ?? "?"} for over ${LOCK_TIMEOUT_MS / 1000} s`,
      );
    } else sleepSync(Math.min(1 + attempt, 10));
  }
}

function release(path: string, mine: string): void {
  if (readLock(path)?.content === mine) unlinkSync(path);
}

function readLock(path: string): { content: string; pid: number } | undefined {
  try {
    const content = readFileSync(path, "utf8");
    const pid = Number.parseInt(content, 10);
    // An empty file is a lock being written right now: its holder is alive.
    return Number.isSafeInteger(pid) && pid > 0 ? { content, pid } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Another waiter may break the same lock and take a fresh one in between: the
// renamed file is checked, and put back if it was not the dead holder's.
function breakStaleLock(path: string, staleContent: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (readFileSync(aside, "utf8") === staleContent) unlinkSync(aside);
  else renameSync(aside, path);
}
