import {
  type Dataset,
  ErrorCode,
  forwardEndpoint,
  type ReceiveHandle,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";
import { checkTargetEncryption, type EncryptionExpectation } from "./encryption-check.js";

/** Options of `createVerifyingTarget`. */
export interface VerifyingTargetOptions {
  /**
   * What the copy in a target dataset must look like. Undefined means it must be
   * encrypted: a receive nobody planned is held to the strictest rule.
   */
  readonly expectationFor: (target: string) => EncryptionExpectation | undefined;
  /** Called with each target dataset as read back after its receive passed the checks. */
  readonly onVerified?: (dataset: Dataset) => void;
}

/**
 * Wraps the untrusted target endpoint. Every receive is resumable (`-s`; the port
 * always receives with `-u`), and its `done` resolves only once the dataset was
 * read back and found encrypted (for an encrypted source) with its key not loaded
 * on this host. Otherwise `done` rejects with TARGET_NOT_ENCRYPTED or KEY_EXPOSED,
 * so the executor stops this dataset before its next step sends anything more.
 * Parents are always created with `canmount=off`.
 */
export function createVerifyingTarget(target: ZfsEndpoint, options: VerifyingTargetOptions): ZfsEndpoint {
  const expectationFor = (dataset: string): EncryptionExpectation =>
    options.expectationFor(dataset) ?? { source: undefined, encrypted: true };

  const verify = async (dataset: string): Promise<void> => {
    const listed = await target.listDatasets(dataset);
    const arrived = listed.find((candidate) => candidate.name === dataset);
    if (arrived === undefined) {
      throw new ZrelayError(
        ErrorCode.RECEIVE_FAILED,
        `zfs receive into ${dataset} on ${target.host} reported success, but ${dataset} is not there`,
        {
          host: target.host,
          dataset,
          hint: `Check ${dataset} on ${target.host} (zfs list -r), then run again.`,
        },
      );
    }
    const problem = checkTargetEncryption(arrived, target.host, expectationFor(dataset), "after");
    if (problem !== undefined) throw problem;
    options.onVerified?.(arrived);
  };

  const receive = (request: Parameters<ZfsEndpoint["receive"]>[0]): ReceiveHandle => {
    const inner = target.receive({ ...request, resumable: true });
    const done = inner.done.then(() => verify(request.dataset));
    done.catch(() => {}); // observed through `done`; never an unhandled rejection
    return { sink: inner.sink, done, abort: (reason) => inner.abort(reason) };
  };

  return forwardEndpoint(target, {
    receive,
    createParents: (dataset, createOptions) =>
      target.createParents(dataset, { properties: { ...createOptions?.properties, canmount: "off" } }),
  });
}
