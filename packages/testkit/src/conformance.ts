// The endpoint conformance suite every adapter runs: `@zrelay/testkit/conformance`.
// A separate entry point so that importing the fake or the emulator never loads vitest.

export {
  type CommandWorldOptions,
  createCommandWorld,
  poolsFromEnvironment,
} from "./conformance/command-world.js";
export {
  type ConformanceBehaviourId,
  conformanceBehaviourIds,
  conformanceGroups,
} from "./conformance/conformance-catalogue.js";
export type {
  ConformanceTarget,
  ConformanceWorld,
  CreateDatasetFixtureOptions,
} from "./conformance/conformance-world.js";
export { describeEndpointConformance } from "./conformance/describe-endpoint-conformance.js";
export { createEmulatorWorld, type EmulatorWorldOptions } from "./conformance/emulator-world.js";
export { createFakeWorld, type FakeWorldOptions } from "./conformance/fake-world.js";
