import { decodeResumeToken, forwardEndpoint, type SendRequest, type ZfsEndpoint } from "@zrelay/core";
import { nonRawRefused } from "./raw-push-errors.js";

/**
 * Wraps the source endpoint so that nothing it sends is ever decrypted: every
 * `zfs send` it hands on carries `-w`, whether full, incremental or resumed.
 *
 * Raw is not an option here, by construction: the request passed to the wrapped
 * endpoint is rebuilt from scratch with the literal `raw: true`, and no field of
 * the caller's request can turn it off. A caller asking for `raw: false` is
 * refused rather than silently upgraded, because only a bug (a planner or policy
 * that is not the route's) can produce one, and a bug should stop the push where
 * it shows. A resume is refused unless its token says the interrupted stream was
 * raw: `zfs send -t` takes its flags from the token, not from `-w`.
 *
 * Nothing else changes: listing, bookmarks and holds pass straight through.
 */
export function createRawSendEndpoint(source: ZfsEndpoint): ZfsEndpoint {
  const rawRequest = (request: SendRequest): SendRequest => {
    const dataset = request.snapshot;
    if (request.raw !== true) throw nonRawRefused("a non-raw send", dataset, source.host);
    if (request.resumeToken !== undefined) {
      // Throws RESUME_INVALID for a token ZFS would not take either.
      const token = decodeResumeToken(request.resumeToken, { dataset, host: source.host });
      if (!token.raw) {
        throw nonRawRefused(`resuming the non-raw stream of ${token.toName}`, dataset, source.host);
      }
      return { snapshot: request.snapshot, resumeToken: request.resumeToken, raw: true };
    }
    const { snapshot, from, intermediates } = request;
    if (from === undefined) return { snapshot, raw: true };
    return { snapshot, from, intermediates: intermediates ?? false, raw: true };
  };

  return forwardEndpoint(source, {
    estimateSendSize: async (request) => source.estimateSendSize(rawRequest(request)),
    // A throw here reaches the executor as the send failing to start: the receive is aborted.
    send: (request, sink) => source.send(rawRequest(request), sink),
  });
}
