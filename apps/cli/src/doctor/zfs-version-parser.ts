/** What `zfs version` prints: the userland tools and the loaded kernel module. */
export interface ZfsVersion {
  /** `2.3.2-2~bpo12+2` from `zfs-2.3.2-2~bpo12+2`. */
  readonly userland: string;
  /** From `zfs-kmod-…`; undefined when the module line is missing (module not loaded). */
  readonly kernel: string | undefined;
  /** Major and minor of the userland version, for comparisons. */
  readonly major: number;
  readonly minor: number;
}

/** Parses `zfs version` output (OpenZFS 0.8 and later); undefined when it is not that. */
export function parseZfsVersion(output: string): ZfsVersion | undefined {
  const lines = output.split("\n").map((line) => line.trim());
  const kernel = lines.find((line) => line.startsWith("zfs-kmod-"))?.slice("zfs-kmod-".length);
  const userland = lines.find((line) => line.startsWith("zfs-") && !line.startsWith("zfs-kmod-"))?.slice(4);
  const numbers = /^(\d+)\.(\d+)/.exec(userland ?? "");
  if (userland === undefined || numbers === null) return undefined;
  return { userland, kernel: kernel || undefined, major: Number(numbers[1]), minor: Number(numbers[2]) };
}

/** True when userland and kernel module differ in major.minor: typical after an upgrade without reboot. */
export function versionsDisagree(version: ZfsVersion): boolean {
  if (version.kernel === undefined) return false;
  const kernel = /^(\d+)\.(\d+)/.exec(version.kernel);
  return kernel !== null && (Number(kernel[1]) !== version.major || Number(kernel[2]) !== version.minor);
}
