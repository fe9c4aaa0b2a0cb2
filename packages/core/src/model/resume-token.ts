/**
 * What a `receive_resume_token` says about the interrupted stream
 * (the fields `zfs send -nvt TOKEN` prints).
 */
export interface ResumeTokenInfo {
  /** Raw token as read from the target's `receive_resume_token` property. */
  readonly token: string;
  /** Full name of the snapshot being received, e.g. `tank/data@b`. */
  readonly toName: string;
  readonly toGuid: bigint;
  /** Base of the incremental; undefined for a full stream. */
  readonly fromGuid: bigint | undefined;
  /** Bytes already received. */
  readonly bytes: bigint;
  /** The interrupted stream was raw (`zfs send -w`). */
  readonly raw: boolean;
}
