import { describe, expect, it } from "vitest";
import { guidOf, type Scenario, scenario, summarize } from "./plan-notation.fixture.js";
import { planDataset } from "./planner.js";

type Row = readonly [name: string, scenario: Scenario, expected: readonly string[]];

const plan = (s: Scenario) => summarize(planDataset(scenario(s)));
const abc = "@a,1 @b,2 @c,3";

describe("an interrupted receive", () => {
  const gone = "abort-resume: snapshot tank/data@b the interrupted receive was for is gone from the source";
  it.each<Row>([
    [
      "full, into a target with no snapshots: resumed, then -I onwards",
      { source: abc, target: "", token: { to: "a" } },
      ["resume @a", "-I @a -> @c: @b @c"],
    ],
    [
      "incremental: resumed, then -I onwards",
      { source: abc, target: "@a,10", token: { to: "b", from: "a" } },
      ["resume @b", "-I @b -> @c: @c"],
    ],
    [
      "of the newest snapshot: resumed only",
      { source: "@a,1 @b,2", target: "@a,10", token: { to: "b", from: "a" } },
      ["resume @b"],
    ],
    [
      "from a base the source only has as a bookmark: resumed",
      { source: "#a,1 @b,2 @c,3", target: "@a,10", token: { to: "b", from: "a" } },
      ["resume @b", "-I @b -> @c: @c"],
    ],
    [
      "for a snapshot gone from the source: aborted, then from the latest common",
      { source: "@a,1 @c,3", target: "@a,10", token: { to: "b", from: "a" } },
      [gone, "-I @a -> @c: @c"],
    ],
    [
      "full and stale, target without snapshots: aborted, target treated as absent",
      { source: "@a,1 @c,3", target: "", token: { to: "b" } },
      [gone, "full @a", "-I @a -> @c: @c"],
    ],
    [
      "raw while this send is not",
      { source: abc, target: "@a,10", token: { to: "b", from: "a", raw: true } },
      ["abort-resume: the interrupted stream was raw but this one is not", "-I @a -> @c: @b @c"],
    ],
    [
      "not raw while this send is",
      { source: abc, target: "@a,10", encrypted: true, token: { to: "b", from: "a" } },
      ["abort-resume: the interrupted stream was not raw but this one is", "-I @a -> @c: @b @c [raw]"],
    ],
    [
      "with resumable receives turned off",
      { source: abc, target: "@a,10", token: { to: "b", from: "a" }, policy: { resumable: false } },
      ["abort-resume: resumable receives are turned off for this target", "-I @a -> @c: @b @c"],
    ],
    [
      "for a snapshot the patterns leave out",
      {
        source: "@a,1 @tmp,2 @c,3",
        target: "@a,10",
        token: { to: "tmp", from: "a" },
        policy: { excludeSnapshots: ["tmp"] },
      },
      [
        "abort-resume: snapshot tank/data@tmp the interrupted receive was for is left out by the include/exclude patterns",
        "-i @a -> @c: @c",
      ],
    ],
    [
      "whose base is gone from the source: the conflict carries no abort step",
      { source: "@b,2 @c,3", target: "@a,10", token: { to: "b", from: "a" } },
      ["conflict no-common-snapshot: @a"],
    ],
    [
      "onto a target snapshotted since: aborted, then rolled back when allowed",
      { source: abc, target: "@a,10 @x,11", token: { to: "b", from: "a" }, policy: { allowRollback: true } },
      [
        `abort-resume: the target's newest snapshot is no longer the incremental base of the interrupted receive (guid ${guidOf("a")})`,
        "rollback to @a destroying @x",
        "-I @a -> @c: @b @c",
      ],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));

  it("notes what was resumed or dropped and why", () => {
    expect(
      planDataset(scenario({ source: abc, target: "@a,10", token: { to: "b", from: "a" } })),
    ).toMatchObject({
      notes: ["resuming the interrupted receive of tank/data@b (1234 bytes already received)"],
    });
    expect(planDataset(scenario({ source: "@a,1", target: "", token: { to: "b" } }))).toMatchObject({
      notes: [
        "dropping the interrupted receive of tank/data@b: snapshot tank/data@b the interrupted receive was for is gone from the source",
        "it was a full receive, so dropping it removes backup/host/data; starting over with a full send",
      ],
    });
  });

  it("hands the executor the token to send with -t", () => {
    const input = scenario({ source: abc, target: "@a,10", token: { to: "b", from: "a" } });
    const result = planDataset(input);
    expect(result).toMatchObject({ steps: [{ kind: "resume", token: input.target.resumeToken?.token }, {}] });
  });
});
