import { describe, it, type TestContext } from "vitest";
import { boundedWorld } from "./bounded-world.js";
import { type Behaviour, missingRequirement } from "./conformance-behaviour.js";
import {
  type ConformanceBehaviourId,
  conformanceBehaviourIds,
  conformanceGroups,
} from "./conformance-catalogue.js";
import type { ConformanceTarget, ConformanceWorld } from "./conformance-world.js";
import { type Deadline, operationDeadline } from "./operation-deadline.js";

const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

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
  const operationMs = target.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  const deadline = operationDeadline(operationMs, target.name);

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
              (context) => runBehaviour(target, behaviour, deadline, context),
              operationMs * 10,
            );
          }
        }
      });
    }
  });
}

async function runBehaviour(
  target: ConformanceTarget<ConformanceBehaviourId>,
  behaviour: Behaviour,
  deadline: Deadline,
  context: TestContext,
): Promise<void> {
  const world = boundedWorld(await deadline(target.create(), `${target.name}: create()`), deadline);
  const missing = missingRequirement(world, behaviour.requires);
  if (missing !== undefined) {
    await world.dispose();
    context.skip(missing);
  }
  await runThenDispose(world, () => behaviour.run(world));
}

/** Disposes even when the behaviour failed; the behaviour's failure is the one reported. */
async function runThenDispose(world: ConformanceWorld, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    await world.dispose().catch(() => undefined);
    throw error;
  }
  await world.dispose();
}
