import { describe, expect, it } from "vitest";
import { ExitCode } from "../cli/exit-codes.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { JobWait } from "../job/job-order.js";
import type { JobResult } from "./job-result.js";
import { runScheduled } from "./job-scheduler.js";

const job = (name: string) => ({ name }) as JobDefinition;
const waitFor = (...feeders: string[]): JobWait[] => feeders.map((feeder) => ({ feeder, reason: "after" }));

/** Jobs that end only when the test ends them: what runs at any moment is observable. */
function manualJobs() {
  const ends = new Map<string, (code: ExitCode) => void>();
  const started: string[] = [];
  const feedersSeen = new Map<string, string[]>();
  let changed: () => void = () => undefined;
  const start = (definition: JobDefinition, feeders: readonly JobResult[]) => {
    started.push(definition.name);
    feedersSeen.set(
      definition.name,
      feeders.map((feeder) => `${feeder.job}:${feeder.exitCode}`),
    );
    changed();
    return new Promise<JobResult>((resolve) => {
      ends.set(definition.name, (exitCode) => resolve({ job: definition.name, outcomes: [], exitCode }));
    });
  };
  /** Resolves once `count` jobs have started. */
  const untilStarted = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (started.length >= count) resolve();
      };
      changed = check;
      check();
    });
  const end = (name: string, code: ExitCode = ExitCode.OK) => ends.get(name)?.(code);
  return { start, started, feedersSeen, untilStarted, end };
}

describe("runScheduled", () => {
  it("runs at most `limit` jobs at once, starting the next in file order as one ends", async () => {
    const jobs = manualJobs();
    const signal = new AbortController().signal;
    const run = runScheduled(
      [job("a"), job("b"), job("c"), job("d")],
      { limit: 2, waits: new Map(), signal },
      jobs.start,
    );
    await jobs.untilStarted(2);
    expect(jobs.started).toEqual(["a", "b"]);
    jobs.end("b");
    await jobs.untilStarted(3);
    expect(jobs.started).toEqual(["a", "b", "c"]);
    jobs.end("a");
    await jobs.untilStarted(4);
    jobs.end("c");
    jobs.end("d", ExitCode.FAILED);
    expect((await run).map((result) => [result.job, result.exitCode])).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 0],
      ["d", 1],
    ]);
  });

  it("starts a job once every job it waits for has ended, failed ones included, and hands it their results", async () => {
    const jobs = manualJobs();
    const signal = new AbortController().signal;
    const waits = new Map([["push", waitFor("pull-a", "pull-b")]]);
    const run = runScheduled(
      [job("push"), job("pull-a"), job("pull-b")],
      { limit: 4, waits, signal },
      jobs.start,
    );
    await jobs.untilStarted(2);
    expect(jobs.started).toEqual(["pull-a", "pull-b"]);
    jobs.end("pull-a", ExitCode.FAILED);
    expect(jobs.started).toEqual(["pull-a", "pull-b"]);
    jobs.end("pull-b");
    await jobs.untilStarted(3);
    expect(jobs.feedersSeen.get("push")).toEqual(["pull-a:1", "pull-b:0"]);
    jobs.end("push");
    expect((await run).map((result) => result.job)).toEqual(["push", "pull-a", "pull-b"]);
  });

  it("starts nothing more once aborted, and returns what ran", async () => {
    const jobs = manualJobs();
    const controller = new AbortController();
    const run = runScheduled(
      [job("a"), job("b"), job("c")],
      { limit: 1, waits: new Map(), signal: controller.signal },
      jobs.start,
    );
    await jobs.untilStarted(1);
    controller.abort();
    jobs.end("a", ExitCode.INTERRUPTED);
    expect((await run).map((result) => result.job)).toEqual(["a"]);
    expect(jobs.started).toEqual(["a"]);
  });
});
