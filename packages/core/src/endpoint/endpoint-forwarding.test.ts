import { describe, expect, it } from "vitest";
import { endpointMethods, forwardEndpoint } from "./endpoint-forwarding.js";
import type { ZfsEndpoint } from "./endpoint-port.js";

/** An endpoint class whose methods live on its prototype and need `this`. */
class RecordingEndpoint {
  readonly host = "host-storage";
  readonly capabilities = { resume: true, bookmarks: true, raw: true };
  readonly calls: string[] = [];
  constructor() {
    for (const method of endpointMethods) {
      Object.defineProperty(RecordingEndpoint.prototype, method, {
        configurable: true,
        value(this: RecordingEndpoint, ...args: unknown[]) {
          this.calls.push(`${method}(${args.join(", ")})`);
          return Promise.resolve(method);
        },
      });
    }
  }
}

describe("forwardEndpoint", () => {
  it("forwards every port method to the inner endpoint, prototype methods included", async () => {
    const inner = new RecordingEndpoint();
    const outer = forwardEndpoint(inner as unknown as ZfsEndpoint);
    for (const method of endpointMethods) {
      await (outer[method] as (...args: unknown[]) => Promise<unknown>)("tank/data");
    }
    expect(inner.calls).toEqual(endpointMethods.map((method) => `${method}(tank/data)`));
    expect(outer.host).toBe("host-storage");
    expect(Object.isFrozen(outer)).toBe(true);
  });

  it("lets overrides replace calls, and wraps only the forwarded ones", async () => {
    const inner = new RecordingEndpoint();
    const wrapped: string[] = [];
    const outer = forwardEndpoint(
      inner as unknown as ZfsEndpoint,
      { rollback: async () => undefined },
      (method, args, call) => {
        wrapped.push(`${method} ${args.join(" ")}`);
        return call();
      },
    );
    await outer.rollback("tank/data@a");
    await outer.holds("tank/data@a");
    expect(inner.calls).toEqual(["holds(tank/data@a)"]);
    expect(wrapped).toEqual(["holds tank/data@a"]);
  });
});
