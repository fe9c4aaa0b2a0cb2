import type { EndpointCapabilities } from "@zrelay/core";
import type { ConformanceWorld } from "./conformance-world.js";

/** A capability the endpoint must report, or an optional fixture method. */
export type Requirement = keyof EndpointCapabilities | "unloadKey";

/** One endpoint behaviour: becomes one vitest `it`. */
export interface Behaviour<Id extends string = string> {
  /** Stable id, used in `ConformanceTarget.skip`. */
  readonly id: Id;
  /** What the endpoint does, as a sentence: it is the test's name. */
  readonly title: string;
  /** Skipped, with the reason shown, when any of these is missing. */
  readonly requires?: readonly Requirement[];
  /** Runs against a fresh world whose every call is bounded by the operation timeout. */
  run(world: ConformanceWorld): Promise<void>;
}

/** Keeps the id's literal type, so `skip` keys are checked by the compiler. */
export function behaviour<const Id extends string>(spec: Behaviour<Id>): Behaviour<Id> {
  return spec;
}

/** Why `world` cannot run a behaviour with these requirements, or undefined when it can. */
export function missingRequirement(
  world: ConformanceWorld,
  requires: readonly Requirement[] = [],
): string | undefined {
  for (const requirement of requires) {
    if (requirement === "unloadKey") {
      if (world.unloadKey === undefined) return "the fixture cannot unload keys (no unloadKey)";
    } else if (!world.endpoint.capabilities[requirement]) {
      return `the endpoint reports capabilities.${requirement} = false`;
    }
  }
  return undefined;
}
