import type { ZfsEndpoint } from "./endpoint-port.js";

/** The port's methods: everything but `host` and `capabilities`. */
export type EndpointMethod = Exclude<keyof ZfsEndpoint, "host" | "capabilities">;

// A Record, so a method added to the port fails to compile here until it is listed:
// this is the one place a new port method is added for every wrapper.
const METHODS: Record<EndpointMethod, true> = {
  listDatasets: true,
  listSnapshots: true,
  estimateSendSize: true,
  send: true,
  receive: true,
  abortResumableReceive: true,
  createParents: true,
  hold: true,
  release: true,
  holds: true,
  createSnapshots: true,
  bookmark: true,
  rollback: true,
  destroy: true,
  destroySnapshots: true,
};

/** Every port method name, in the port's order. */
export const endpointMethods = Object.keys(METHODS) as readonly EndpointMethod[];

/**
 * Wraps one call forwarded to `inner`: `method` and `args` describe it (for
 * messages and deadlines), `call` makes it.
 */
export type EndpointCallWrapper = (
  method: EndpointMethod,
  args: readonly unknown[],
  call: () => unknown,
) => unknown;

/**
 * An endpoint that forwards every call to `inner` except those in `overrides`;
 * `around`, when given, wraps each forwarded call (not the overrides). Methods are
 * called on `inner`, never copied: spreading would lose methods an endpoint class
 * keeps on its prototype. The result is frozen.
 */
export function forwardEndpoint(
  inner: ZfsEndpoint,
  overrides: Partial<Pick<ZfsEndpoint, EndpointMethod>> = {},
  around?: EndpointCallWrapper,
): ZfsEndpoint {
  const forwarded = endpointMethods.map((method) => {
    const own = overrides[method];
    if (own !== undefined) return [method, own];
    const call = (args: unknown[]) => (inner[method] as (...a: unknown[]) => unknown).apply(inner, args);
    return [method, (...args: unknown[]) => (around ? around(method, args, () => call(args)) : call(args))];
  });
  return Object.freeze({
    host: inner.host,
    capabilities: inner.capabilities,
    ...Object.fromEntries(forwarded),
  }) as ZfsEndpoint;
}
