import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

// What Linux's /proc says a process used: peak memory and CPU time.

let ticksPerSecond;

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, almost always 100). */
export function clockTicks() {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/** Peak resident set size (VmHWM) in MiB, of `pid` or of this process ("self"). */
export function peakRssMb(pid = "self") {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/**
 * CPU seconds from /proc/<pid>/stat: `own` (utime+stime of the process itself)
 * and `children` (cutime+cstime: every child it has waited for, and theirs).
 */
export function cpuSeconds(pid = "self") {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // comm may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After comm: state is field 3, so utime (14) is index 11 here.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  const hz = clockTicks();
  return { own: (utime + stime) / hz, children: (cutime + cstime) / hz };
}

/**
 * CPU seconds of `rootPid` and every live process below it, each with what its
 * own reaped children used: everything that tree has consumed so far, whether
 * its processes are still running or already gone. Differences of two calls
 * give the CPU the tree used in between (a process reaped during a scan can be
 * off by its last few milliseconds).
 */
export function treeCpuSeconds(rootPid) {
  const table = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
      table.set(Number(name), { ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime });
    } catch {
      // Gone while we looked: its parent's cutime now holds it.
    }
  }
  let ticks = 0;
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    ticks += table.get(pid)?.ticks ?? 0;
    for (const [child, entry] of table) if (entry.ppid === pid) queue.push(child);
  }
  return ticks / clockTicks();
}

/** Busy CPU seconds of the whole machine so far (every core), from /proc/stat. */
export function machineBusySeconds() {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const [, ...values] = line.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) / clockTicks();
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const MB = 1e6;
export const GiB = 1024 ** 3;

/** Throughput in MB/s (10^6 bytes a second). */
export function megabytesPerSecond(bytes, seconds) {
  return bytes / MB / seconds;
}

export function round(value, digits = 2) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
