import { readdirSync, readFileSync } from "node:fs";

/** A process seen in /proc: its PID, its start time (so a reused PID is not mistaken for it), its argv. */
export interface SeenProcess {
  readonly pid: number;
  readonly start: string;
  readonly argv: readonly string[];
}

/** Every live descendant of `pid` (children, grandchildren, …), read from /proc. */
export function descendantsOf(pid: number): SeenProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const stat = statOf(Number(entry));
    if (stat === undefined) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: SeenProcess[] = [];
  const queue = [...(children.get(pid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const seen = seenProcess(next);
    if (seen !== undefined) found.push(seen);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Those of `processes` that still run (same PID and same start time). */
export function stillRunning(processes: readonly SeenProcess[]): SeenProcess[] {
  return processes.filter((process) => statOf(process.pid)?.start === process.start);
}

/**
 * Polls until none of `processes` runs, for at most `boundMs`; returns those
 * still running then. The bound only limits a failing test: the state is what it waits for.
 */
export async function untilGone(processes: readonly SeenProcess[], boundMs: number): Promise<SeenProcess[]> {
  const deadline = Date.now() + boundMs;
  let running = stillRunning(processes);
  while (running.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    running = stillRunning(running);
  }
  return running;
}

/** Bytes the process has written so far (`wchar` of /proc/PID/io), or 0 once it is gone. */
export function bytesWritten(pid: number): number {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Polls the descendants of `ancestor` until one matches, for at most `boundMs`
 * (a bound for a failing test only; the state is what it waits for).
 */
export async function untilDescendant(
  ancestor: number,
  matches: (process: SeenProcess) => boolean,
  boundMs: number,
): Promise<SeenProcess> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const found = descendantsOf(ancestor).find(matches);
    if (found !== undefined) return found;
    if (Date.now() >= deadline) throw new Error(`no matching process under PID ${ancestor} in ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SIGKILLs what a failed test left running, so it cannot go on using the machine. */
export function killLeftovers(processes: readonly SeenProcess[]): void {
  for (const process of stillRunning(processes)) {
    try {
      globalThis.process.kill(process.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

function seenProcess(pid: number): SeenProcess | undefined {
  const stat = statOf(pid);
  if (stat === undefined) return undefined;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((arg) => arg !== "");
    return { pid, start: stat.start, argv };
  } catch {
    return undefined;
  }
}

function statOf(pid: number): { ppid: number; start: string } | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  if (state === "Z" || state === "X") return undefined;
  return { ppid: Number(fields[1]), start: fields[19] ?? "" };
}
