import type { ZfsEndpoint } from "@zrelay/core";

/**
 * An endpoint that forwards every call to `inner` except those in `overrides`.
 * Methods are bound explicitly: spreading would lose methods an endpoint class
 * keeps on its prototype.
 */
export function forwardEndpoint(inner: ZfsEndpoint, overrides: Partial<ZfsEndpoint>): ZfsEndpoint {
  return {
    host: inner.host,
    capabilities: inner.capabilities,
    listDatasets: (root) => inner.listDatasets(root),
    listSnapshots: (root) => inner.listSnapshots(root),
    estimateSendSize: (request) => inner.estimateSendSize(request),
    send: (request, sink) => inner.send(request, sink),
    receive: (request) => inner.receive(request),
    abortResumableReceive: (dataset) => inner.abortResumableReceive(dataset),
    createParents: (dataset, options) => inner.createParents(dataset, options),
    hold: (snapshot, tag) => inner.hold(snapshot, tag),
    release: (snapshot, tag) => inner.release(snapshot, tag),
    holds: (snapshot) => inner.holds(snapshot),
    bookmark: (snapshot, bookmark) => inner.bookmark(snapshot, bookmark),
    rollback: (snapshot) => inner.rollback(snapshot),
    destroy: (name) => inner.destroy(name),
    ...overrides,
  };
}
