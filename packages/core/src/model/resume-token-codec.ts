import { deflateSync, inflateSync } from "node:zlib";
import { ErrorCode } from "../errors/error-codes.js";
import { type ErrorContext, ZrelayError } from "../errors/zrelay-error.js";
import { fletcher4FirstWord } from "./fletcher4-checksum.js";
import { type NvPairs, packNvlist, unpackNvlist } from "./nvlist-codec.js";
import type { ResumeTokenInfo } from "./resume-token.js";

/**
 * OpenZFS `receive_resume_token` format, version 1:
 * `1-<fletcher-4 of the compressed bytes, hex>-<packed nvlist length, hex>-<zlib-compressed packed nvlist, hex>`.
 */
const TOKEN_VERSION = 1;
const TOKEN_PATTERN = /^(\d+)-([0-9a-f]+)-([0-9a-f]+)-((?:[0-9a-f]{2})+)$/i;

/** What an interrupted `zfs receive -s` records; `encodeResumeToken` turns it into a token. */
export interface ResumeTokenFields {
  /** `toname`: full name of the snapshot being received, e.g. `tank/data@b`. */
  readonly toName: string;
  /** `toguid`: guid of that snapshot. */
  readonly toGuid: bigint;
  /** `fromguid`: incremental base; omit for a full stream. */
  readonly fromGuid?: bigint;
  /** `object`: object the stream resumes at; 0 when omitted. */
  readonly object?: bigint;
  /** `offset`: offset within that object; 0 when omitted. */
  readonly offset?: bigint;
  /** `bytes`: bytes already received. */
  readonly bytes: bigint;
  /** `rawok`: the stream is raw (`zfs send -w`). */
  readonly raw: boolean;
  /** `largeblockok` (`-L`). */
  readonly largeBlockOk?: boolean;
  /** `embedok` (`-e`). */
  readonly embedOk?: boolean;
  /** `compressok` (`-c`). */
  readonly compressOk?: boolean;
}

/** Build a token exactly as OpenZFS would (field order included), for emulators and tests. */
export function encodeResumeToken(fields: ResumeTokenFields): string {
  const packed = packNvlist([
    ...(fields.fromGuid === undefined ? [] : [["fromguid", fields.fromGuid] as const]),
    ["object", fields.object ?? 0n],
    ["offset", fields.offset ?? 0n],
    ["bytes", fields.bytes],
    ["toguid", fields.toGuid],
    ["toname", fields.toName],
    ["largeblockok", fields.largeBlockOk ?? false],
    ["embedok", fields.embedOk ?? false],
    ["compressok", fields.compressOk ?? false],
    ["rawok", fields.raw],
  ]);
  const compressed = deflateSync(packed, { level: 6 });
  const checksum = fletcher4FirstWord(compressed);
  return `${TOKEN_VERSION}-${checksum.toString(16)}-${packed.length.toString(16)}-${compressed.toString("hex")}`;
}

/**
 * Read a `receive_resume_token`. Throws ZrelayError RESUME_INVALID saying what is
 * wrong when the token is not one OpenZFS would accept; `context` names where it was read.
 */
export function decodeResumeToken(token: string, context: ErrorContext = {}): ResumeTokenInfo {
  const invalid = (problem: string, cause?: unknown): ZrelayError =>
    new ZrelayError(ErrorCode.RESUME_INVALID, describe(problem, token, context), {
      ...context,
      cause,
      hint: context.dataset
        ? `Run \`zfs receive -A ${context.dataset}\` on the target to discard the interrupted receive.`
        : "Discard the interrupted receive with `zfs receive -A <target dataset>`.",
    });

  const match = TOKEN_PATTERN.exec(token.trim());
  if (!match) throw invalid("it is not <version>-<checksum>-<length>-<hex payload>");
  const [, version = "", checksumHex = "", lengthHex = "", payloadHex = ""] = match;
  if (Number(version) !== TOKEN_VERSION)
    throw invalid(`version ${version} is not supported (only ${TOKEN_VERSION})`);

  const compressed = Buffer.from(payloadHex, "hex");
  if (fletcher4FirstWord(compressed) !== BigInt(`0x${checksumHex}`))
    throw invalid("its checksum does not match");

  let pairs: NvPairs;
  try {
    const packed = inflateSync(compressed);
    if (packed.length !== Number.parseInt(lengthHex, 16)) {
      throw new Error(`payload is ${packed.length} bytes, header says ${Number.parseInt(lengthHex, 16)}`);
    }
    pairs = unpackNvlist(packed);
  } catch (cause) {
    throw invalid(`its payload cannot be read: ${(cause as Error).message}`, cause);
  }

  // `zfs send -t` refuses a token without any of these, so we do too.
  const uint64 = (name: string): bigint => {
    const value = pairs.get(name);
    if (typeof value !== "bigint") throw invalid(`it has no ${name}`);
    return value;
  };
  uint64("object");
  uint64("offset");
  const toName = pairs.get("toname");
  if (typeof toName !== "string") throw invalid("it has no toname");
  const fromGuid = pairs.get("fromguid");
  return {
    token: token.trim(),
    toName,
    toGuid: uint64("toguid"),
    fromGuid: typeof fromGuid === "bigint" ? fromGuid : undefined,
    bytes: uint64("bytes"),
    raw: pairs.get("rawok") === true,
  };
}

function describe(problem: string, token: string, context: ErrorContext): string {
  const where = context.dataset ? ` of ${context.dataset}${context.host ? ` on ${context.host}` : ""}` : "";
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  return `The receive_resume_token${where} is corrupt: ${problem} (token ${JSON.stringify(shown)}).`;
}
