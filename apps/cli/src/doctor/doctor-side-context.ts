import type { CommandRunner } from "@zrelay/zfs-command";
import type { DoctorCheck } from "./doctor-report.js";
import type { DoctorRole } from "./required-permissions.js";

/** One side of a job as the checks see it. */
export interface SideContext {
  readonly role: DoctorRole;
  /** `source backup@host-storage`, the start of every line about this side. */
  readonly label: string;
  readonly runner: CommandRunner;
  /** argv[0] of zfs commands. */
  readonly zfs: string;
  /** The remote host name, for "as root on host-albion"; undefined for this machine. */
  readonly remoteHost: string | undefined;
  /** The side runs zfs through `sudo -n`, so as root. */
  readonly sudo: boolean;
}

/** A check about this side: its line starts with the side's label. */
export function sideCheck(
  context: SideContext,
  status: DoctorCheck["status"],
  text: string,
  extra: Pick<DoctorCheck, "fixes" | "hint"> = {},
): DoctorCheck {
  return { status, role: context.role, line: `${context.label}: ${text}`, ...extra };
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
