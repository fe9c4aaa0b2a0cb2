import { describeEndpointConformance } from "./describe-endpoint-conformance.js";
import { createFakeWorld } from "./fake-world.js";

// The fake is the reference implementation: it runs every behaviour, none skipped.
describeEndpointConformance({ name: "in-memory fake", create: () => createFakeWorld() });

// An endpoint that reports no optional capabilities: those behaviours must show as skipped.
describeEndpointConformance({
  name: "in-memory fake without raw, resume, bookmarks or holds",
  create: () =>
    createFakeWorld({ capabilities: { raw: false, resume: false, bookmarks: false, holds: false } }),
});
