import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { retentionExampleTable } from "./retention-example.js";

const DOC = new URL("../../docs/retention.md", import.meta.url);

describe("docs/retention.md", () => {
  it("shows the worked example exactly as planPrune decides it", () => {
    const doc = readFileSync(DOC, "utf8");
    const block = /<!-- example:begin -->\n([\s\S]*?)\n<!-- example:end -->/.exec(doc)?.[1];
    expect(block).toBe(retentionExampleTable());
  });
});
