import { describe, expect, it } from "vitest";
import { DEFAULT_JOB_OPTIONS } from "../config/index.js";
import type { JobDefinition, JobOptions } from "../job/job-definition.js";
import { requiredPermissions } from "./required-permissions.js";

const job = (options: Partial<JobOptions>): JobDefinition => ({
  name: "nightly",
  kind: "pull",
  source: { host: "host-storage" },
  target: {},
  datasets: ["tank/data"],
  mapping: { kind: "prefix", dest: "backup" },
  options: { ...DEFAULT_JOB_OPTIONS, ...options },
});
const bookmarks = { bookmarks: false };

describe("the permissions retention needs", () => {
  it("asks for destroy on each side a rule prunes, and nothing more without one", () => {
    expect(requiredPermissions("source", job({}), bookmarks)).toEqual(["send", "hold", "release"]);
    expect(requiredPermissions("target", job({}), bookmarks)).toEqual([
      "receive",
      "create",
      "mount",
      "canmount",
    ]);
    const rules = { keep: { latest: 3 } };
    expect(requiredPermissions("source", job({ pruneSource: rules }), bookmarks)).toEqual([
      "send",
      "hold",
      "release",
      "destroy",
      "mount",
    ]);
    expect(
      requiredPermissions("target", job({ pruneTarget: rules, allowRollback: true }), bookmarks),
    ).toEqual(["receive", "create", "mount", "canmount", "rollback", "destroy"]);
  });
});
