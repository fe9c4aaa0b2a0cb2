import { boundedWorld } from "./bounded-world.js";
import { type Behaviour, missingRequirement } from "./conformance-behaviour.js";
import type { ConformanceTarget, ConformanceWorld } from "./conformance-world.js";
import { operationDeadline } from "./operation-deadline.js";

/** Used when `ConformanceTarget.timeoutMs` is not set. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 30_000;

/**
 * Runs one behaviour on a fresh world of `target` and disposes it. When the
 * world lacks what the behaviour requires, calls `skip` with the reason
 * instead (vitest's `context.skip` throws, ending the test as skipped).
 */
export async function runBehaviour(
  target: ConformanceTarget,
  behaviour: Behaviour,
  skip: (reason: string) => void,
): Promise<void> {
  const deadline = operationDeadline(target.timeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS, target.name);
  const world = boundedWorld(await deadline(target.create(), `${target.name}: create()`), deadline);
  const missing = missingRequirement(world, behaviour.requires);
  if (missing !== undefined) {
    await world.dispose();
    skip(missing);
    return;
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
