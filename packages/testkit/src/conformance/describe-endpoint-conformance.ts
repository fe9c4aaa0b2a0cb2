import { describe, it } from "vitest";
import { DEFAULT_OPERATION_TIMEOUT_MS, runBehaviour } from "./behaviour-runner.js";
import type { Behaviour } from "./conformance-behaviour.js";
import {
  type ConformanceBehaviourId,
  conformanceBehaviourIds,
  conformanceGroups,
} from "./conformance-catalogue.js";
import type { ConformanceTarget } from "./conformance-world.js";

/**
 * Registers the endpoint conformance suite for `target`: one vitest `describe`
 * with an `it` per behaviour, each on a fresh world. Call it at the top level
 * of a test file. Behaviours the endpoint's capabilities rule out, or that
 * `target.skip` lists, are reported as skipped with the reason.
 */
export function describeEndpointConformance(target: ConformanceTarget<ConformanceBehaviourId>): void {
  const skip: Readonly<Record<string, string | undefined>> = target.skip ?? {};
  const unknown = Object.keys(skip).filter(
    (id) => !(conformanceBehaviourIds as readonly string[]).includes(id),
  );
  if (unknown.length > 0) {
    throw new Error(`${target.name}: skip lists unknown conformance behaviours: ${unknown.join(", ")}`);
  }
  const testTimeoutMs = (target.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS) * 10;

  describe(`endpoint conformance: ${target.name}`, () => {
    for (const group of conformanceGroups) {
      describe(group.title, () => {
        for (const behaviour of group.behaviours as readonly Behaviour[]) {
          const reason = skip[behaviour.id];
          if (reason !== undefined) {
            it.skip(`${behaviour.title} [skipped: ${reason}]`, () => {});
          } else {
            it(
              behaviour.title,
              (context) => runBehaviour(target, behaviour, (missing) => context.skip(missing)),
              testTimeoutMs,
            );
          }
        }
      });
    }
  });
}
