import { boundedEndpoint } from "./bounded-endpoint.js";
import type { ConformanceWorld } from "./conformance-world.js";
import type { Deadline } from "./operation-deadline.js";

/** The fixture with its endpoint and every fixture call bounded by `deadline`. */
export function boundedWorld(world: ConformanceWorld, deadline: Deadline): ConformanceWorld {
  const { unloadKey } = world;
  return {
    endpoint: boundedEndpoint(world.endpoint, deadline),
    sourceRoot: world.sourceRoot,
    targetRoot: world.targetRoot,
    createDataset: (name, options) =>
      deadline(world.createDataset(name, options), `fixture createDataset(${name})`),
    writeFile: (dataset, path, content) =>
      deadline(world.writeFile(dataset, path, content), `fixture writeFile(${dataset}, ${path})`),
    readFile: (snapshot, path) =>
      deadline(world.readFile(snapshot, path), `fixture readFile(${snapshot}, ${path})`),
    snapshot: (fullName) => deadline(world.snapshot(fullName), `fixture snapshot(${fullName})`),
    property: (name, property) =>
      deadline(world.property(name, property), `fixture property(${name}, ${property})`),
    loadKey: (dataset) => deadline(world.loadKey(dataset), `fixture loadKey(${dataset})`),
    ...(unloadKey === undefined
      ? {}
      : {
          unloadKey: (dataset: string) =>
            deadline(unloadKey.call(world, dataset), `fixture unloadKey(${dataset})`),
        }),
    dispose: () => deadline(world.dispose(), "fixture dispose()"),
  };
}
