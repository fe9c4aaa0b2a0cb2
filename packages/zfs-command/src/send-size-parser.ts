/**
 * Reads the estimate `zfs send -n -P` prints: `full\tSNAP\tBYTES` or one
 * `incremental\tFROM\tTO\tBYTES` line per snapshot, then `size\tTOTAL`. With `-t`
 * the resume token's contents come first. Returns the `size` total, or the sum
 * of the per-stream lines when zfs printed no total; undefined when neither is there.
 */
export function parseSendSize(output: string): number | undefined {
  let total: number | undefined;
  let sum = 0;
  let streams = 0;
  for (const line of output.split("\n")) {
    const fields = line.trim().split("\t");
    const last = fields[fields.length - 1] ?? "";
    if (!/^\d+$/.test(last)) continue;
    if (fields[0] === "size" && fields.length === 2) total = Number(last);
    else if (
      (fields[0] === "full" && fields.length === 3) ||
      (fields[0] === "incremental" && fields.length === 4)
    ) {
      sum += Number(last);
      streams++;
    }
  }
  return total ?? (streams > 0 ? sum : undefined);
}
