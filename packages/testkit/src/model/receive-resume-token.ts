import { decodeResumeToken, encodeResumeToken } from "@zrelay/core";
import type { PartialReceiveRecord } from "./fake-zfs-state.js";
import { transferToName } from "./transfer-record.js";
import { zfsErrors } from "./zfs-error-catalogue.js";

/*
 * The one place resume tokens are made and read, in the real OpenZFS format
 * (core's resume-token codec). The fake resumes at a payload byte offset, which
 * it records as the token's `offset` and `bytes` (object 1), so `zfs send -nvt`
 * style decoding shows how much arrived.
 */

/** The `receive_resume_token` an interrupted `zfs receive -s` leaves for this partial state. */
export function resumeTokenFor(partial: PartialReceiveRecord): string {
  const { record } = partial;
  const received = BigInt(partial.payloadBytes);
  return encodeResumeToken({
    toName: transferToName(record),
    toGuid: record.guid,
    ...(record.fromGuid === undefined ? {} : { fromGuid: record.fromGuid }),
    object: 1n,
    offset: received,
    bytes: received,
    raw: record.raw,
    largeBlockOk: true,
    embedOk: !record.raw,
    compressOk: true,
  });
}

/** What `zfs send -t TOKEN` needs from a token. */
export interface ResumePoint {
  readonly toName: string;
  readonly toGuid: bigint;
  readonly fromGuid: bigint | undefined;
  /** Payload bytes the receiver already has. */
  readonly payloadOffset: number;
  readonly raw: boolean;
}

/** Reads a token as `zfs send -t` does; a token OpenZFS would reject fails with its message. */
export function readResumeToken(token: string): ResumePoint {
  let info: ReturnType<typeof decodeResumeToken>;
  try {
    info = decodeResumeToken(token);
  } catch {
    throw zfsErrors.resumeCorrupt();
  }
  return {
    toName: info.toName,
    toGuid: info.toGuid,
    fromGuid: info.fromGuid,
    payloadOffset: Number(info.bytes),
    raw: info.raw,
  };
}
