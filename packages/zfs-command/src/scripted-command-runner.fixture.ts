import { Writable } from "node:stream";
import type { ByteSink } from "@zrelay/core";
import type {
  CommandExit,
  CommandResult,
  CommandRunner,
  InputCommand,
  RunningCommand,
} from "./command-runner.js";

/** What the scripted host answers to one argv. */
export interface ScriptedReply {
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** For `run`: stdout; for `startWithOutput`: the bytes written into the sink. */
  readonly stdout?: string;
  readonly stderr?: string;
  readonly outputError?: string;
}

/**
 * A CommandRunner whose "host" answers from a script: records every argv and
 * replies with canned zfs output. Tests of the zfs-command layer use it in
 * place of processes; the real runners are tested with real processes.
 */
export class ScriptedCommandRunner implements CommandRunner {
  readonly host = "backup@host-storage";
  readonly user = "backup";
  readonly calls: string[][] = [];
  /** Bytes each `startWithInput` command received, by call order. */
  readonly received: Buffer[] = [];
  readonly #respond: (argv: readonly string[]) => ScriptedReply;

  constructor(respond: (argv: readonly string[]) => ScriptedReply = () => ({})) {
    this.#respond = respond;
  }

  async run(argv: readonly string[]): Promise<CommandResult> {
    this.calls.push([...argv]);
    const reply = this.#respond(argv);
    return {
      exitCode: reply.exitCode === undefined ? 0 : reply.exitCode,
      signal: reply.signal ?? null,
      stdout: reply.stdout ?? "",
      stderr: reply.stderr ?? "",
    };
  }

  startWithOutput(argv: readonly string[], sink: ByteSink): RunningCommand {
    this.calls.push([...argv]);
    const reply = this.#respond(argv);
    const stream = Buffer.from(reply.stdout ?? "");
    let killed = false;
    let bytes = 0;
    const exit = new Promise<CommandExit>((resolve) => {
      sink.writable.write(stream, () => {
        bytes = stream.length;
        sink.writable.end(() =>
          resolve({
            exitCode: killed ? null : reply.exitCode === undefined ? 0 : reply.exitCode,
            signal: killed ? "SIGTERM" : (reply.signal ?? null),
            stderrTail: reply.stderr ?? "",
            stdoutTail: "",
            ...(reply.outputError === undefined ? {} : { outputError: reply.outputError }),
          }),
        );
      });
    });
    const kill = () => {
      killed = true;
    };
    return { exit, kill, bytesTransferred: () => bytes };
  }

  startWithInput(argv: readonly string[]): InputCommand {
    this.calls.push([...argv]);
    const reply = this.#respond(argv);
    const chunks: Buffer[] = [];
    const index = this.received.length;
    this.received.push(Buffer.alloc(0));
    let finish: (exit: CommandExit) => void = () => undefined;
    const exit = new Promise<CommandExit>((resolve) => {
      finish = resolve;
    });
    const ended = (signal: string | null) =>
      finish({
        exitCode: signal === null ? (reply.exitCode === undefined ? 0 : reply.exitCode) : null,
        signal,
        stderrTail: reply.stderr ?? "",
        stdoutTail: "",
      });
    const writable = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        chunks.push(chunk);
        this.received[index] = Buffer.concat(chunks);
        callback();
      },
      final: (callback) => {
        ended(reply.signal ?? null);
        callback();
      },
    });
    return {
      sink: { writable, inheritable: false },
      command: {
        exit,
        kill: () => ended("SIGTERM"),
        bytesTransferred: () => this.received[index]?.length ?? 0,
      },
    };
  }
}
