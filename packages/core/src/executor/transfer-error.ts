import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError, ZrelayError } from "../errors/zrelay-error.js";

export type TransferSide = "send" | "receive";

/** What became of one side of a `zfs send | zfs receive` pair. */
export interface TransferSideReport {
  readonly side: TransferSide;
  readonly host: string;
  /** Source dataset for the send, target dataset for the receive. */
  readonly dataset: string;
  /**
   * `failed`: it failed on its own. `stopped`: it ended because the other side
   * failed first, whether zrelay's abort or the broken stream got to it first.
   * `completed`: it finished successfully. `not-started`: the other side failed
   * before this one could be started.
   */
  readonly outcome: "failed" | "stopped" | "completed" | "not-started";
  /** Its error message (endpoints include a bounded stderr tail); undefined when completed. */
  readonly message: string | undefined;
  readonly error: unknown;
}

/**
 * A transfer failed. `code`, `host`, `dataset` and `hint` are those of the root
 * cause (so a full pool still reads POOL_FULL); both sides are kept for the report.
 */
export class TransferError extends ZrelayError {
  /**
   * The side whose failure broke the transfer, named first in the message: the
   * side that failed first, unless both failed on their own and only the other
   * one's error is more than an interruption (a full pool beats the broken pipe it
   * caused on the sending side, whichever was noticed first).
   */
  readonly rootCause: TransferSide;
  readonly send: TransferSideReport;
  readonly receive: TransferSideReport;

  constructor(failedFirst: TransferSide, send: TransferSideReport, receive: TransferSideReport) {
    const rootCause = rootCauseOf(failedFirst, send, receive);
    const [root, other] = rootCause === "send" ? [send, receive] : [receive, send];
    super(codeOf(root), transferMessage(root, other), {
      host: root.host,
      dataset: root.dataset,
      hint: hintFor(root, other),
      retryable: isRetryable(root) || (other.outcome === "failed" && isRetryable(other)),
      cause: root.error,
    });
    this.name = "TransferError";
    this.rootCause = rootCause;
    this.send = send;
    this.receive = receive;
  }
}

export function isTransferError(value: unknown): value is TransferError {
  return value instanceof TransferError;
}

/** `send from tank/data on host-storage` / `receive into backup/tank/data on localhost`. */
function describeSide(side: Pick<TransferSideReport, "side" | "host" | "dataset">): string {
  return side.side === "send"
    ? `send from ${side.dataset} on ${side.host}`
    : `receive into ${side.dataset} on ${side.host}`;
}

function rootCauseOf(failedFirst: TransferSide, send: TransferSideReport, receive: TransferSideReport) {
  const [first, second] = failedFirst === "send" ? [send, receive] : [receive, send];
  const secondIsRealCause =
    second.outcome === "failed" &&
    isTransferInterruption(first.error) &&
    !isTransferInterruption(second.error);
  return secondIsRealCause ? second.side : failedFirst;
}

/** The stream stopped (connection lost, pipe broken, stream cut) rather than ZFS refusing it. */
export function isTransferInterruption(error: unknown): boolean {
  return (
    isZrelayError(error, ErrorCode.TRANSFER_INTERRUPTED) || isZrelayError(error, ErrorCode.CONNECTION_FAILED)
  );
}

function transferMessage(root: TransferSideReport, other: TransferSideReport): string {
  const head = failureOf(root);
  if (other.outcome === "stopped") return `${head}; ${describeSide(other)} was stopped`;
  if (other.outcome === "failed") return `${head}; also ${failureOf(other)}`;
  return head;
}

// Endpoints built on zfs-command already say "receive into X on H failed: …"; do not say it twice.
function failureOf(side: TransferSideReport): string {
  const described = describeSide(side);
  const message = side.message ?? "unknown error";
  return message.startsWith(described) ? message : `${described} failed: ${message}`;
}

function codeOf(root: TransferSideReport): ErrorCode {
  if (isZrelayError(root.error)) return root.error.code;
  return root.side === "send" ? ErrorCode.SEND_FAILED : ErrorCode.RECEIVE_FAILED;
}

// An interrupted channel is worth retrying even if the endpoint forgot to say so.
function isRetryable(side: TransferSideReport): boolean {
  if (!isZrelayError(side.error)) return false;
  return (
    side.error.retryable ||
    side.error.code === ErrorCode.TRANSFER_INTERRUPTED ||
    side.error.code === ErrorCode.CONNECTION_FAILED
  );
}

function hintFor(root: TransferSideReport, other: TransferSideReport): string {
  if (isZrelayError(root.error) && root.error.hint !== undefined) return root.error.hint;
  if (isRetryable(root) || (other.outcome === "failed" && isRetryable(other))) {
    return "Run zrelay again; a resumable receive continues where it stopped.";
  }
  return `Fix the cause of the ${root.side} failure on ${root.host}, then run zrelay again.`;
}
