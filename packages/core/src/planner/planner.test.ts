import { describe, expect, it } from "vitest";
import { guidOf, type Scenario, scenario, summarize } from "./plan-notation.fixture.js";
import { planDataset } from "./planner.js";

type Row = readonly [name: string, scenario: Scenario, expected: readonly string[]];

const plan = (s: Scenario) => summarize(planDataset(scenario(s)));
const abc = "@a,1 @b,2 @c,3";

describe("which source snapshots are sent", () => {
  it.each<Row>([
    ["no snapshots at all", { source: "", target: undefined }, ["skip: no snapshots on source"]],
    ["only bookmarks", { source: "#a,1", target: "@a,5" }, ["skip: no snapshots on source"]],
    [
      "none match the patterns",
      { source: "@tmp-1,1 @tmp-2,2", target: undefined, policy: { includeSnapshots: ["daily-*"] } },
      ["skip: no snapshots match the include/exclude patterns"],
    ],
    [
      "include: the oldest matching one is the full send",
      {
        source: "@tmp-0,1 @daily-1,2 @daily-2,3",
        target: undefined,
        policy: { includeSnapshots: ["daily-*"] },
      },
      ["full @daily-1", "-I @daily-1 -> @daily-2: @daily-2"],
    ],
    [
      "exclude: -I never runs across an excluded snapshot, -i steps over it",
      {
        source: "@daily-1,1 @tmp-1,2 @daily-2,3 @daily-3,4 @tmp-2,5",
        target: undefined,
        policy: { excludeSnapshots: ["tmp-*"] },
      },
      ["full @daily-1", "-i @daily-1 -> @daily-2: @daily-2", "-I @daily-2 -> @daily-3: @daily-3"],
    ],
    [
      "an excluded snapshot still serves as incremental base",
      { source: "@tmp-1,1 @daily-1,2", target: "@tmp-1,5", policy: { excludeSnapshots: ["tmp-*"] } },
      ["-I @tmp-1 -> @daily-1: @daily-1"],
    ],
    [
      "nothing newer than the target's excluded snapshot matches",
      {
        source: "@daily-1,1 @tmp-1,2",
        target: "@daily-1,5 @tmp-1,6",
        policy: { excludeSnapshots: ["tmp-*"] },
      },
      ["up-to-date @tmp-1"],
    ],
    [
      "snapshots are ordered by createtxg, not by the order given",
      { source: "@c,3 @a,1 @b,2", target: "@b,11 @a,10" },
      ["-I @b -> @c: @c"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

describe("a target that does not exist yet is seeded", () => {
  it.each<Row>([
    [
      "parent missing: create it, full of the oldest, one -I to the newest",
      { source: abc, target: undefined, parentExists: false },
      ["create-parents backup/host/data", "full @a", "-I @a -> @c: @b @c"],
    ],
    ["a single snapshot: just the full send", { source: "@a,1", target: undefined }, ["full @a"]],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

describe("an existing target continues from the latest common snapshot, matched by guid", () => {
  it.each<Row>([
    [
      "one -I bringing every newer snapshot",
      { source: "@a,1 @b,2 @c,3 @d,4", target: "@a,10 @b,11" },
      ["-I @b -> @d: @c @d"],
    ],
    ["already up to date", { source: "@a,1 @b,2", target: "@a,10 @b,11" }, ["up-to-date @b"]],
    [
      "same name, other guid: not common",
      { source: abc, target: "@a,10 @b=999,11" },
      ["conflict diverged: common @a, target-only @b"],
    ],
    [
      "renamed on the target, same guid: common",
      { source: abc, target: "@a,10 @renamed=b,11" },
      ["-I @b -> @c: @c"],
    ],
    [
      "renamed on the source, same guid: common",
      { source: "@a,1 @b-new=b,2 @c,3", target: "@b,11" },
      ["-I @b-new -> @c: @c"],
    ],
    [
      "a guid above 2^53 matches exactly",
      {
        source: "@a=18446744073709551557,1 @b,2",
        target: "@x=18446744073709551557,5 @y=18446744073709551556,4",
      },
      ["-I @a -> @b: @b"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

describe("the latest common snapshot was pruned on the source but bookmarked", () => {
  it.each<Row>([
    [
      "-i from the bookmark to the next snapshot, then -I to the newest",
      { source: "@a,1 #b,2 @c,3 @d,4", target: "@a,10 @b,11" },
      ["-i #b -> @c: @c", "-I @c -> @d: @d"],
    ],
    ["only one snapshot after the bookmark", { source: "#b,2 @c,3", target: "@b,11" }, ["-i #b -> @c: @c"]],
    [
      "a newer common snapshot wins over an older bookmark",
      { source: "#a,1 @b,2 @c,3", target: "@a,10 @b,11" },
      ["-I @b -> @c: @c"],
    ],
    [
      "a snapshot wins over its own bookmark",
      { source: "@b,2 #b,2 @c,3", target: "@b,5" },
      ["-I @b -> @c: @c"],
    ],
    ["nothing newer than the bookmark", { source: "@a,1 #b,2", target: "@a,10 @b,11" }, ["up-to-date @b"]],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));

  it("says so in the notes", () => {
    const result = planDataset(scenario({ source: "@a,1 #b,2 @c,3", target: "@a,10 @b,11" }));
    expect(result).toMatchObject({
      notes: ["the source no longer has snapshot @b in common with the target; sending from its bookmark #b"],
    });
  });
});

describe("a target that diverged", () => {
  const diverged = { source: abc, target: "@a,10 @b,11 @x,12 @y,13" };
  it.each<Row>([
    [
      "is a conflict listing the target-only snapshots",
      diverged,
      ["conflict diverged: common @b, target-only @x @y"],
    ],
    [
      "is rolled back explicitly with allowRollback",
      { ...diverged, policy: { allowRollback: true } },
      ["rollback to @b destroying @x @y", "-I @b -> @c: @c"],
    ],
    [
      "rollback alone when nothing is newer on the source",
      { source: "@a,1 @b,2", target: "@b,11 @x,12", policy: { allowRollback: true } },
      ["rollback to @b destroying @x"],
    ],
    [
      "rollback to a snapshot only bookmarked on the source",
      { source: "@a,1 #b,2 @c,3", target: "@a,10 @b,11 @x,12", policy: { allowRollback: true } },
      ["rollback to @b destroying @x", "-i #b -> @c: @c"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));

  it("notes what the rollback destroys", () => {
    expect(planDataset(scenario({ ...diverged, policy: { allowRollback: true } }))).toMatchObject({
      notes: ["rolling backup/host/data back to @b destroys @x, @y ({{allowRollback}})"],
    });
  });
});

describe("a target written to since its latest snapshot (someone mounted the backup)", () => {
  const modified = { source: abc, target: "@a,10 @b,11", written: 12288 };
  it.each<Row>([
    [
      "is a conflict naming the snapshot and the bytes",
      modified,
      ["conflict modified: since @b, 12288 written"],
    ],
    [
      "is rolled back to that snapshot explicitly with allowRollback",
      { ...modified, policy: { allowRollback: true } },
      ["rollback to @b discarding 12288 written", "-I @b -> @c: @c"],
    ],
    [
      "is no conflict while nothing newer is to be received",
      { ...modified, source: "@a,1 @b,2" },
      ["up-to-date @b"],
    ],
    [
      "that also diverged: one rollback destroys the snapshots and the changes",
      { ...modified, target: "@a,10 @b,11 @x,12", policy: { allowRollback: true } },
      ["rollback to @b destroying @x discarding 12288 written", "-I @b -> @c: @c"],
    ],
    ["written 0 is unmodified", { ...modified, written: 0 }, ["-I @b -> @c: @c"]],
    [
      "resumes an interrupted receive without judging the partial state",
      { source: abc, target: "@a,10 @b,11", written: 4096, token: { to: "c", from: "b" } },
      ["resume @c"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));

  it("says what is discarded, and warns an up-to-date target that the next receive needs a rollback", () => {
    expect(planDataset(scenario({ ...modified, policy: { allowRollback: true } }))).toMatchObject({
      notes: [
        "backup/host/data was modified since @b (12 KiB written); rolling it back to @b discards that ({{allowRollback}})",
      ],
    });
    expect(planDataset(scenario({ ...modified, source: "@a,1 @b,2" }))).toMatchObject({
      outcome: "up-to-date",
      notes: [
        "backup/host/data was modified since @b (12 KiB written); the next receive needs it rolled back to @b",
      ],
    });
  });
});

describe("a target with nothing in common is never overwritten", () => {
  const unrelated = { source: "@a,1 @b,2", target: "@x,10 @y,11" };
  const everything = { allowRollback: true, forceOverwriteEmptyTarget: true };
  it.each<Row>([
    ["unrelated snapshots", unrelated, ["conflict no-common-snapshot: @x @y"]],
    [
      "not even with every flag",
      { ...unrelated, policy: everything },
      ["conflict no-common-snapshot: @x @y"],
    ],
    [
      "same names, other guids",
      { source: "@a,1 @b,2", target: "@a=1,10 @b=2,11" },
      ["conflict no-common-snapshot: @a @b"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

describe("a target that exists with no snapshots", () => {
  it.each<Row>([
    ["is a conflict", { source: "@a,1 @b,2", target: "" }, ["conflict target-not-empty"]],
    [
      "allowRollback does not make it overwritable",
      { source: "@a,1", target: "", policy: { allowRollback: true } },
      ["conflict target-not-empty"],
    ],
    [
      "is overwritten with force when the policy forces",
      { source: "@a,1 @b,2", target: "", policy: { forceOverwriteEmptyTarget: true } },
      ["full @a force", "-I @a -> @b: @b"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

describe("raw or not", () => {
  it.each<Row>([
    [
      "an encrypted source is sent raw",
      { source: "@a,1 @b,2", target: undefined, encrypted: true },
      ["full @a [raw]", "-I @a -> @b: @b [raw]"],
    ],
    [
      "decrypted only when allowed",
      { source: "@a,1 @b,2", target: undefined, encrypted: true, policy: { allowDecrypt: true } },
      ["full @a", "-I @a -> @b: @b"],
    ],
    ["an unencrypted source is not", { source: "@a,1", target: undefined }, ["full @a"]],
    [
      "alwaysRaw sends raw anyway",
      { source: "@a,1", target: undefined, policy: { alwaysRaw: true } },
      ["full @a [raw]"],
    ],
    [
      "alwaysRaw wins over allowDecrypt",
      { source: "@a,1", target: undefined, encrypted: true, policy: { alwaysRaw: true, allowDecrypt: true } },
      ["full @a [raw]"],
    ],
    [
      "a resume keeps the stream raw",
      { source: "@a,1", target: "", encrypted: true, token: { to: "a", raw: true } },
      ["resume @a [raw]"],
    ],
  ])("%s", (_, s, expected) => expect(plan(s)).toEqual(expected));
});

it("a conflict is the conflict alone: source, target and the snapshots involved", () => {
  expect(planDataset(scenario({ source: abc, target: "@b,11 @x,12" }))).toEqual({
    outcome: "conflict",
    kind: "diverged",
    source: "tank/data",
    target: "backup/host/data",
    latestCommon: expect.objectContaining({ name: "b", dataset: "backup/host/data", guid: guidOf("b") }),
    targetOnly: [expect.objectContaining({ name: "x", createtxg: 12n })],
  });
});
