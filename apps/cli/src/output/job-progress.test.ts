import { Writable } from "node:stream";
import type { JobPlan, PlanStep, Snapshot } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import type { JobDefinition } from "../job/job-definition.js";
import { HumanReporter } from "./human-reporter.js";
import { OutputTiers } from "./output-tiers.js";
import { createProgressDisplay } from "./progress-display.js";
import type { JobContext } from "./run-reporter.js";
import { renderTerminal } from "./terminal-screen.fixture.js";

const MiB = 1024 * 1024;
const snapshot: Snapshot = {
  kind: "snapshot",
  dataset: "tank/data",
  name: "daily-1",
  guid: 1n,
  createtxg: 1n,
  creation: 0,
};
const full: PlanStep = { kind: "full", snapshot, raw: false, force: false };
const plan: JobPlan = { datasets: [], missingRoots: [], excluded: [], unmatchedExcludes: [] };

function context(name: string): JobContext {
  const job = { name, kind: "pull", datasets: ["tank/data"] } as unknown as JobDefinition;
  return { job, sourceHost: name, targetHost: "localhost", estimate: () => new Promise(() => undefined) };
}

describe("the live display of jobs running at once", () => {
  it("shows one line per running transfer across jobs, each naming its job, even for datasets of one name", async () => {
    let output = "";
    const stream = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          output += String(chunk);
          done();
        },
      }),
      { columns: 100 },
    );
    let clock = 0;
    const display = createProgressDisplay(stream, () => clock);
    const tiers = new OutputTiers(
      { stdout: stream, stderr: stream, stdoutIsTerminal: true },
      { quiet: false, debug: false, json: false },
    );
    const run = new HumanReporter(tiers, true, display);
    const jobs = ["pull-a", "pull-b"].map((name) => {
      const reporter = run.forJob({ job: name, config: undefined }, true);
      reporter.jobStarted(context(name), plan, "run");
      return reporter;
    });
    for (const reporter of jobs) {
      reporter.event({
        kind: "step-start",
        source: "tank/data",
        target: "backup/tank/data",
        step: full,
        index: 0,
        count: 1,
      });
    }
    clock = 1000;
    jobs[1]?.event({
      kind: "progress",
      source: "tank/data",
      target: "backup/tank/data",
      step: full,
      index: 0,
      count: 1,
      bytes: MiB,
    });
    expect(renderTerminal(output)).toEqual([
      "* pull-a: 0 datasets",
      "* pull-b: 0 datasets",
      "pull-a: tank/data [░░░░░░░░░░░░░░░░░░░░] 0 B 0 B/s ETA ?",
      "pull-b: tank/data [░░░░░░░░░░░░░░░░░░░░] 1.0 MiB 1.0 MiB/s ETA ?",
    ]);
    // pull-a's transfer ends: its line goes, pull-b's stays.
    jobs[0]?.event({
      kind: "step-done",
      source: "tank/data",
      target: "backup/tank/data",
      step: full,
      index: 0,
      count: 1,
      bytes: MiB,
      snapshots: [snapshot],
    });
    expect(renderTerminal(output).slice(2)).toEqual([
      "pull-b: tank/data [░░░░░░░░░░░░░░░░░░░░] 1.0 MiB 1.0 MiB/s ETA ?",
    ]);
  });
});
