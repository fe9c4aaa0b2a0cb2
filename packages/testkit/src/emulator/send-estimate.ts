import { decodeResumeToken } from "@zrelay/core";
import type { TransferRecord } from "../model/transfer-record.js";
import { encodedStreamLength } from "../stream/stream-encoder.js";
import { niceNumber } from "./zfs-format.js";

/** One stream of a send, as the estimate names it. */
export interface EstimatedStream {
  readonly record: TransferRecord;
  /** The incremental base as zfs prints it: the full name for -i and -t, the short name for -I. */
  readonly from: string | undefined;
}

/**
 * What `zfs send -n`/`-v`/`-P` print before (or instead of) the stream
 * (libzfs send_print_verbose): with -P `full\tSNAP\tBYTES` or
 * `incremental\tFROM\tSNAP\tBYTES` per stream and `size\tTOTAL`, else the
 * human sentences. A resumed send first prints its token's contents.
 */
export function sendEstimate(streams: readonly EstimatedStream[], parsable: boolean, token?: string): string {
  const lines: string[] = [];
  if (token !== undefined) lines.push(...tokenContents(token));
  for (const { record, from } of streams) {
    const to = `${record.sourceDataset}@${record.snapshotName}`;
    const size = encodedStreamLength([record]);
    if (parsable)
      lines.push(from === undefined ? `full\t${to}\t${size}` : `incremental\t${from}\t${to}\t${size}`);
    else if (from === undefined) lines.push(`full send of ${to} estimated size is ${niceNumber(size)}`);
    else lines.push(`send from ${from} to ${to} estimated size is ${niceNumber(size)}`);
  }
  const total = encodedStreamLength(streams.map((stream) => stream.record));
  lines.push(parsable ? `size\t${total}` : `total estimated size is ${niceNumber(total)}`);
  return lines.map((line) => `${line}\n`).join("");
}

// nvlist_print of the token, as `zfs send -t` shows it. The emulator resumes at a payload offset (object 1).
function tokenContents(token: string): string[] {
  const info = decodeResumeToken(token);
  const hex = (value: bigint) => `0x${value.toString(16)}`;
  return [
    "resume token contents:",
    "nvlist version: 0",
    ...(info.fromGuid === undefined ? [] : [`\tfromguid = ${hex(info.fromGuid)}`]),
    "\tobject = 0x1",
    `\toffset = ${hex(info.bytes)}`,
    `\tbytes = ${hex(info.bytes)}`,
    `\ttoguid = ${hex(info.toGuid)}`,
    `\ttoname = ${info.toName}`,
    ...(info.raw
      ? ["\tlargeblockok = 1", "\tcompressok = 1", "\trawok = 1"]
      : ["\tlargeblockok = 1", "\tembedok = 1", "\tcompressok = 1"]),
  ];
}
