import { describe, expect, it } from "vitest";
import { policyReference, policyReferencesIn, renderPolicyReferences } from "./policy-reference.js";

describe("policy references in hints", () => {
  const hint = `rerun with ${policyReference("allowRollback")}, or choose ${policyReference("sshDataPath", "ssh2")}`;

  it("name the policy, not a flag or a config key", () => {
    expect(hint).not.toMatch(/--|allow-rollback|ssh-data-path/);
    expect(policyReferencesIn(hint)).toEqual([
      { policy: "allowRollback" },
      { policy: "sshDataPath", value: "ssh2" },
    ]);
  });

  it("are rendered by the application, each as it spells that policy", () => {
    const asFlag = renderPolicyReferences(
      hint,
      ({ policy, value }) =>
        `--${policy.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${value === undefined ? "" : ` ${value}`}`,
    );
    expect(asFlag).toBe("rerun with --allow-rollback, or choose --ssh-data-path ssh2");
  });

  it("leave text that only looks like a marker alone", () => {
    expect(renderPolicyReferences("{{notAPolicy}} {x}", () => "?")).toBe("{{notAPolicy}} {x}");
  });
});
