/** What was wrong with a fake stream; the receiver turns it into the matching `zfs receive` error. */
export type StreamProblem =
  /** The first bytes are not a fake stream. */
  | "bad-magic"
  /** Structure broken: unknown tag, bad lengths or counts, unreadable header. */
  | "malformed"
  /** Payload bytes differ from what the snapshot's guid says they must be. */
  | "checksum"
  /** The stream ended before its end marker. */
  | "truncated";

export class StreamFormatError extends Error {
  readonly problem: StreamProblem;

  constructor(problem: StreamProblem, detail: string) {
    super(`fake zfs stream ${problem}: ${detail}`);
    this.name = "StreamFormatError";
    this.problem = problem;
  }
}

export function isStreamFormatError(value: unknown): value is StreamFormatError {
  return value instanceof StreamFormatError;
}
