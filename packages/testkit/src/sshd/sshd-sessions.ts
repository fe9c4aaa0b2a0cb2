import { readdirSync, readFileSync } from "node:fs";

/** One process as /proc shows it. */
interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly commandLine: string;
}

function readProcessTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // comm may hold spaces and parentheses: it ends at the last ')'.
      const close = stat.lastIndexOf(")");
      const [state, ppid] = stat.slice(close + 2).split(" ");
      if (state === "Z") continue;
      const commandLine = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      entries.push({ pid: Number(name), ppid: Number(ppid), comm, commandLine });
    } catch {
      // The process ended while we looked.
    }
  }
  return entries;
}

function descendantsOf(pid: number, table: readonly ProcessEntry[]): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  const queue = [pid];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const entry of table) {
      if (entry.ppid !== parent) continue;
      found.push(entry);
      queue.push(entry.pid);
    }
  }
  return found;
}

/** One client connection to the listener: its sshd processes and what runs below them. */
export interface SshdConnection {
  /** The per-connection sshd processes (privileged monitor and session child). */
  readonly sshdPids: readonly number[];
  /** The processes started for the client, below the sshd ones. */
  readonly commandPids: readonly number[];
  /** Their command lines (`cat /dev/zero`, `zfs send …`). */
  readonly commands: readonly string[];
}

/** The connections the sshd listener `listenerPid` serves right now. */
export function sshdConnections(listenerPid: number): SshdConnection[] {
  const table = readProcessTable();
  return table
    .filter((entry) => entry.ppid === listenerPid)
    .map((root) => {
      const below = [root, ...descendantsOf(root.pid, table)];
      const commands = below.filter((entry) => entry.comm !== "sshd");
      return {
        sshdPids: below.filter((entry) => entry.comm === "sshd").map((entry) => entry.pid),
        commandPids: commands.map((entry) => entry.pid),
        commands: commands.map((entry) => entry.commandLine),
      };
    });
}

/** True while a process with this pid exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Command lines of every live process on this machine that `match` accepts. */
export function findProcesses(
  match: (commandLine: string) => boolean,
): { pid: number; commandLine: string }[] {
  return readProcessTable()
    .filter((entry) => match(entry.commandLine))
    .map(({ pid, commandLine }) => ({ pid, commandLine }));
}
