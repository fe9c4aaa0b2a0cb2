import { byteCountText } from "@zrelay/core";

/** ` after 3.1 GiB` for a stream that moved bytes, nothing for one that moved none. */
export function afterBytes(bytes: number): string {
  return bytes > 0 ? ` after ${byteCountText(bytes)}` : "";
}
