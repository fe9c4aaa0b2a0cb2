import {
  ErrorCode,
  parseDatasetName,
  parseSnapshotName,
  parseZfsName,
  type ReceiveRequest,
  type SendRequest,
  ZrelayError,
} from "@zrelay/core";
import { checkProperties, checkPropertyName, checkResumeToken } from "./zfs-argument-guard.js";
import type { ReceiveForm, SendForm } from "./zfs-argv.js";

/** A SendRequest, checked word by word, as the form `sendArgv` builds from. */
export function checkSendRequest(request: SendRequest, host: string): SendForm {
  if (request.resumeToken !== undefined)
    return { kind: "resume", token: checkResumeToken(request.resumeToken, host) };
  parseSnapshotName(request.snapshot, { host, origin: "the snapshot to send" });
  const intermediates = request.intermediates === true;
  if (request.from !== undefined) {
    const base = parseZfsName(request.from, { host, origin: "the incremental base" });
    if (base.kind === "dataset") {
      throw new ZrelayError(
        ErrorCode.INVALID_NAME,
        `send of ${request.snapshot} on ${host} refused: the incremental base ${request.from} is a dataset, not a snapshot or bookmark`,
        { host, dataset: request.snapshot, hint: "Name the base as dataset@snapshot or dataset#bookmark." },
      );
    }
    if (base.kind === "bookmark" && intermediates) {
      throw new ZrelayError(
        ErrorCode.UNSUPPORTED,
        `send of ${request.snapshot} on ${host} refused: zfs send -I cannot start from the bookmark ${request.from}`,
        { host, dataset: request.snapshot, hint: "Send from a bookmark with -i (intermediates: false)." },
      );
    }
  }
  return {
    kind: "snapshot",
    snapshot: request.snapshot,
    from: request.from,
    intermediates,
    raw: request.raw,
  };
}

/** A ReceiveRequest, checked word by word, as the form `receiveArgv` builds from. */
export function checkReceiveRequest(request: ReceiveRequest, host: string): ReceiveForm {
  return {
    dataset: parseDatasetName(request.dataset, { host, origin: "the receive target" }),
    resumable: request.resumable,
    force: request.force === true,
    setProperties: checkProperties(request.setProperties, host),
    excludeProperties: (request.excludeProperties ?? []).map((name) => checkPropertyName(name, host)),
  };
}
