import type { CommandExit } from "@zrelay/zfs-command";
import { afterBytes } from "./byte-count-text.js";

// ssh's own exit status for its failures, which a remote command may also use.
const SSH_FAILURE_EXIT_CODE = 255;

/** Lines the OpenSSH client itself prints when the connection fails or breaks. */
const SSH_CLIENT_LINE =
  /^(ssh: |Connection (to|closed|reset|timed out)|client_loop: |Timeout, server |Host key verification failed|.*: Permission denied \(|Received disconnect |Disconnected from |kex_exchange_identification: |ssh_exchange_identification: |ssh_dispatch_run_fatal: |packet_write_wait: |Load key |Bad owner or permissions |No ED25519 host key|No ECDSA host key|No RSA host key|@@@|IT IS POSSIBLE|Someone could be|It is also possible|The fingerprint for|Please contact your|Add correct host key|Offending |Host key for |.* host key for .* has changed|Unable to negotiate |\*\* )/;

/** Of those, the ones that say ssh never logged in: running again will not help. */
const SSH_LOGIN_REFUSED =
  /^(Host key verification failed|.*: Permission denied \(|Load key |Bad owner or permissions |No \w+ host key is known|Unable to negotiate |.*[Hh]ost key for .* has changed)/;

/**
 * An ssh process that exits 255 and says why on stderr failed itself: the
 * connection could not be made or broke. That becomes `outputError` (the
 * stream is incomplete; zfs-command reports it as a retryable interruption)
 * and leaves the remote command's own stderr lines in the tail. A login that
 * was refused (host key, key, cipher) becomes `loginFailure` instead: the control
 * connection logged in, so the ssh client disagrees with it, and only a person
 * can fix that. A 255 without such lines is the remote command's own status
 * (`zfs send -t` uses it).
 */
export function readOpensshExit(exit: CommandExit, address: string, moved: () => number): CommandExit {
  if (exit.exitCode !== SSH_FAILURE_EXIT_CODE) return exit;
  const lines = exit.stderrTail.split("\n");
  const sshLines = lines.filter((line) => SSH_CLIENT_LINE.test(line.trim()));
  if (sshLines.length === 0) return exit;
  const remoteLines = lines.filter((line) => !SSH_CLIENT_LINE.test(line.trim()));
  const said = sshLines.map((line) => line.trim()).join(" ");
  if (sshLines.some((line) => SSH_LOGIN_REFUSED.test(line.trim()))) {
    return {
      ...exit,
      exitCode: null,
      stderrTail: remoteLines.join("\n"),
      loginFailure: `the OpenSSH client (ssh) could not log in to ${address} for the stream: ${said}`,
    };
  }
  return {
    ...exit,
    exitCode: null,
    stderrTail: remoteLines.join("\n"),
    outputError: exit.outputError ?? `the SSH connection to ${address} failed${afterBytes(moved())}: ${said}`,
  };
}
