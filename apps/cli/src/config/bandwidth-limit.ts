import { ErrorCode, ZrelayError } from "@zrelay/core";

/** What a bandwidth limit may look like, for messages. */
export const BANDWIDTH_LIMIT_FORMS =
  "bytes per second as a number with an optional K, M, G or T suffix (1024-based, like zfs and rsync), e.g. 50M or 1.5G, or 'unlimited'";

const UNIT_POWERS: Readonly<Record<string, number>> = { "": 0, k: 1, m: 2, g: 3, t: 4 };
// `50M`, `1.5G`, `512k`, `50MiB`, `50MB/s`, `1048576`; every suffix counts in 1024s.
const RATE = /^(\d+(?:\.\d*)?|\.\d+)\s*(?:([kmgt])(?:i?b)?|b)?(?:\/s)?$/i;

/**
 * Bytes per second for a rate like `50M` or `1.5G`; null for `unlimited`;
 * undefined when `text` is not a rate (or rounds to less than 1 byte/s).
 */
export function readByteRate(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "unlimited") return null;
  const match = RATE.exec(trimmed);
  if (match === null) return undefined;
  const power = UNIT_POWERS[(match[2] ?? "").toLowerCase()] ?? 0;
  const bytes = Math.round(Number(match[1]) * 1024 ** power);
  return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
}

/**
 * `--bwlimit RATE` for the command line: bytes per second, or undefined for
 * `unlimited`. Throws ZrelayError USAGE naming `origin` when RATE is not a rate.
 */
export function parseBandwidthLimit(text: string, origin = "--bwlimit"): number | undefined {
  const rate = readByteRate(text);
  if (rate === undefined) {
    throw new ZrelayError(ErrorCode.USAGE, `${origin} '${text}' is not a rate`, {
      hint: `Write ${BANDWIDTH_LIMIT_FORMS}.`,
    });
  }
  return rate ?? undefined;
}
