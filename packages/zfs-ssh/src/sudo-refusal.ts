import { ErrorCode, policyReference, ZrelayError } from "@zrelay/core";
import type { CommandResult } from "@zrelay/zfs-command";

/** What `sudo -n` prints when it would have to ask, or may not run the command at all. */
const SUDO_REFUSAL =
  /^sudo: (a password is required|a terminal is required|.* is not in the sudoers file|.* is not allowed to execute|.*may not run sudo)/m;

/**
 * A remote command run with `--sudo` that sudo refused: the error says so
 * (rather than leaving a zfs message to be guessed from), and how to allow it.
 * `sudo -n` never prompts, so this is reported at once instead of hanging.
 */
export function sudoRefusal(
  result: CommandResult,
  where: { readonly label: string; readonly user: string; readonly hostName: string },
  zfsCommand: string,
): ZrelayError | undefined {
  const said = SUDO_REFUSAL.exec(result.stderr);
  if (result.exitCode === 0 || said === null) return undefined;
  const asks = /password|terminal/.test(said[1] ?? "");
  const reason = asks
    ? `sudo on ${where.label} asks ${where.user} for a password (${said[0].trim()}), and zrelay never types one`
    : `sudo on ${where.label} does not let ${where.user} run ${zfsCommand} (${said[0].trim()})`;
  return new ZrelayError(ErrorCode.PERMISSION_DENIED, reason, {
    host: where.label,
    hint: `On ${where.hostName}, allow it without a password (visudo -f /etc/sudoers.d/zrelay: \`${where.user} ALL=(root) NOPASSWD: /usr/sbin/zfs\`), or delegate the zfs permissions with \`zfs allow\` and drop ${policyReference("sudo")}.`,
  });
}
