import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";
import { COMMAND_NOT_EXECUTABLE_EXIT_CODE, COMMAND_NOT_FOUND_EXIT_CODE } from "./command-runner.js";
import { type FailureContext, STDERR_RULES, sharedHint } from "./zfs-stderr-rules.js";

/** Everything known about a zfs command that did not succeed. */
export interface ZfsFailure extends FailureContext {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  /** The runner could not deliver the command's output (see CommandExit.outputError). */
  readonly outputError?: string | undefined;
  /** The transport refused to log in (see CommandExit.loginFailure). */
  readonly loginFailure?: string | undefined;
}

// 128 + SIGPIPE: how a shell (and so an SSH exec channel) reports a process killed by SIGPIPE.
const SIGPIPE_EXIT_CODE = 141;
const MESSAGE_STDERR_CHARS = 600;

/**
 * Turns a failed zfs command into the ZrelayError a user reads: the code comes
 * from zfs's stderr (or how the process ended), the message says what zrelay was
 * doing to which dataset on which host, and the hint what to do next.
 */
export function zfsFailureToError(failure: ZfsFailure): ZrelayError {
  const { operation, host } = failure;
  const fail = (code: ErrorCode, reason: string, hint: string, retryable = false) =>
    new ZrelayError(code, `${operation.action} on ${host} failed: ${reason}`, {
      host,
      dataset: operation.dataset,
      hint,
      retryable,
    });
  const stderr = summarizeStderr(failure.stderr);
  if (failure.loginFailure !== undefined) {
    return fail(
      ErrorCode.CONNECTION_FAILED,
      failure.loginFailure,
      `Nothing was sent or received. Check by hand that \`ssh -o BatchMode=yes\` logs in to ${host} without a prompt, with the same key and known_hosts; or choose the ssh2 data path, which streams over zrelay's own connection (${policyReference("sshDataPath", "ssh2")}).`,
    );
  }

  if (
    failure.exitCode === COMMAND_NOT_FOUND_EXIT_CODE ||
    failure.exitCode === COMMAND_NOT_EXECUTABLE_EXIT_CODE
  ) {
    return fail(
      ErrorCode.ZFS_NOT_INSTALLED,
      `the zfs command could not be run${stderr === "" ? "" : ` (${stderr})`}`,
      `Install OpenZFS on ${host} (Debian/Ubuntu: apt install zfsutils-linux), or give zrelay the full path of zfs (${policyReference("zfsPath")}, e.g. /usr/local/sbin/zfs).`,
    );
  }
  const rule = STDERR_RULES.find(
    (candidate) =>
      candidate.pattern.test(failure.stderr) && (candidate.only?.includes(operation.kind) ?? true),
  );
  if (rule !== undefined) return fail(rule.code, rule.reason ?? stderr, rule.hint(failure), rule.retryable);

  const transfer = operation.kind === "send" || operation.kind === "receive";
  if (operation.kind === "send" && (failure.signal === "SIGPIPE" || failure.exitCode === SIGPIPE_EXIT_CODE)) {
    return fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      "the receiving side stopped reading (broken pipe)",
      sharedHint("receiverStopped")(failure),
      true,
    );
  }
  if (failure.signal !== null && transfer) {
    return fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      `zfs was killed by ${failure.signal}${stderr === "" ? "" : ` (${stderr})`}`,
      "Nothing in zrelay asked for that signal; check the host's logs (out of memory?), then run zrelay again.",
      true,
    );
  }
  if (failure.outputError !== undefined && transfer) {
    return fail(
      ErrorCode.TRANSFER_INTERRUPTED,
      `the stream could not be delivered: ${failure.outputError}`,
      "See why the other side failed, then run zrelay again; a resumable receive continues where it stopped.",
      true,
    );
  }
  return unrecognised(failure, stderr, fail);
}

function unrecognised(
  failure: ZfsFailure,
  stderr: string,
  fail: (code: ErrorCode, reason: string, hint: string) => ZrelayError,
): ZrelayError {
  const kind = failure.operation.kind;
  const code =
    kind === "send"
      ? ErrorCode.SEND_FAILED
      : kind === "receive"
        ? ErrorCode.RECEIVE_FAILED
        : ErrorCode.COMMAND_FAILED;
  const ended =
    failure.signal !== null
      ? `was killed by ${failure.signal}`
      : `exited with status ${failure.exitCode ?? "unknown"}`;
  const command = `\`${displayCommand(failure.argv)}\``;
  return fail(
    code,
    stderr === "" ? `${command} ${ended} and printed nothing on stderr` : `${command} ${ended}: ${stderr}`,
    sharedHint("runByHand")(failure),
  );
}

/**
 * zfs's stderr as one line: lines joined, the `zfs send -t <token>` suggestion
 * dropped (zrelay resumes by itself), at most the last 600 characters.
 */
export function summarizeStderr(stderr: string): string {
  const text = stderr
    .replace(/A resuming stream can be generated[\s\S]*$/, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ")
    .replace(/\s+/g, " ");
  return text.length <= MESSAGE_STDERR_CHARS ? text : `…${text.slice(text.length - MESSAGE_STDERR_CHARS)}`;
}

/**
 * argv as a person would type it, for messages only (runners never parse this).
 * Resume tokens (hundreds of characters) are shortened; a property list is not.
 */
export function displayCommand(argv: readonly string[]): string {
  return (
    argv
      // Resume tokens are shortened; a snapshot list (`zfs destroy ds@a,b,c`) never is: --debug shows what is destroyed.
      .map((word) => (word.length > 120 && !word.includes("@") ? `${word.slice(0, 40)}…` : word))
      .map((word) => (/^[\w@#%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
      .join(" ")
  );
}

/** True when every line of stderr says a dataset does not exist (an absent listing root). */
export function onlyMissingDatasets(stderr: string): boolean {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  return lines.length > 0 && lines.every((line) => /dataset does not exist|no such pool/.test(line));
}
