import type { CommandResult, CommandRunner, InputCommand, RunningCommand } from "@zrelay/zfs-command";

/** What a fake host answers to the doctor's commands. */
export interface FakeHostState {
  /** Datasets that exist. */
  readonly datasets?: readonly string[];
  /** `zfs allow DATASET` stdout, by dataset; an existing dataset without an entry has none. */
  readonly allow?: Readonly<Record<string, string>>;
  /** `id` stdout; undefined makes `id` fail. */
  readonly id?: string;
  /** `zfs version` reply; default OpenZFS 2.3.2 with a matching module. */
  readonly version?: Partial<CommandResult>;
  /** What the host's shell finds as `zfs` (`command -v zfs`); undefined: nothing. */
  readonly zfsAt?: string;
  /** Rejects every command with this error (the host could not be reached). */
  readonly unreachable?: Error;
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, signal: null, stdout, stderr: "" });
const missing = (dataset: string) => `cannot open '${dataset}': dataset does not exist\n`;

/**
 * A CommandRunner for the doctor's few read-only commands (`zfs version`,
 * `zfs list -H -o name …`, `zfs allow DATASET`, `id`), answering like real
 * OpenZFS from a small description of the host. It records every argv.
 */
export class FakeZfsHost implements CommandRunner {
  readonly calls: string[][] = [];

  constructor(
    readonly host: string,
    readonly user: string | undefined,
    private readonly state: FakeHostState,
  ) {}

  async run(argv: readonly string[]): Promise<CommandResult> {
    this.calls.push([...argv]);
    if (this.state.unreachable !== undefined) throw this.state.unreachable;
    const [command, subcommand, ...rest] = argv;
    const datasets = new Set(this.state.datasets ?? []);
    if (command === "/bin/sh" && subcommand === "-c" && rest[0]?.startsWith("command -v")) {
      return this.state.zfsAt === undefined
        ? { exitCode: 127, signal: null, stdout: "", stderr: "" }
        : ok(`${this.state.zfsAt}\n`);
    }
    if (command === "id") {
      return this.state.id === undefined
        ? { exitCode: 1, signal: null, stdout: "", stderr: "id: cannot find name for user ID" }
        : ok(`${this.state.id}\n`);
    }
    if (subcommand === "version") {
      return { ...ok("zfs-2.3.2-2~bpo12+2\nzfs-kmod-2.3.2-2~bpo12+2\n"), ...this.state.version };
    }
    if (subcommand === "list" && rest.join(" ").startsWith("-H -o name")) {
      const names = rest.slice(3);
      const absent = names.filter((name) => !datasets.has(name));
      return {
        exitCode: absent.length === 0 ? 0 : 1,
        signal: null,
        stdout: names
          .filter((name) => datasets.has(name))
          .map((name) => `${name}\n`)
          .join(""),
        stderr: absent.map(missing).join(""),
      };
    }
    if (subcommand === "allow" && rest.length === 1 && rest[0] !== undefined) {
      if (!datasets.has(rest[0])) return { exitCode: 1, signal: null, stdout: "", stderr: missing(rest[0]) };
      return ok(this.state.allow?.[rest[0]] ?? "");
    }
    return {
      exitCode: 2,
      signal: null,
      stdout: "",
      stderr: `fake host: unexpected command ${argv.join(" ")}`,
    };
  }

  startWithOutput(): RunningCommand {
    throw new Error("the doctor never streams");
  }

  startWithInput(): InputCommand {
    throw new Error("the doctor never streams");
  }
}

/** `zfs allow` output for one dataset with Local+Descendent grants. */
export function allowOutput(dataset: string, ...grants: string[]): string {
  const header = `---- Permissions on ${dataset} `;
  return `${header.padEnd(70, "-")}\nLocal+Descendent permissions:\n${grants.map((grant) => `\t${grant}\n`).join("")}`;
}
