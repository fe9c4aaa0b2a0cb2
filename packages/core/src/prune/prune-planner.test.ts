import { describe, expect, it } from "vitest";
import { type PruneCase, reasons, verdict } from "./prune-notation.fixture.js";

type Row = readonly [name: string, c: PruneCase, expected: readonly string[]];

const fourHours = "z_1@12-01T10 z_2@12-01T11 z_3@12-01T12 z_4@12-01T13";

describe("latest keeps the newest N governed snapshots", () => {
  it.each<Row>([
    ["latest 2 of 4", { snapshots: fourHours, keep: { latest: 2 } }, ["keep z_3 z_4", "destroy z_1 z_2"]],
    [
      "latest larger than the list",
      { snapshots: fourHours, keep: { latest: 9 } },
      ["keep z_1 z_2 z_3 z_4", "destroy"],
    ],
    [
      "ungoverned snapshots are never touched and do not count",
      {
        snapshots: "auto_1@12-01T09 z_1@12-01T10 z_2@12-01T11 my@12-01T12 z_3@12-01T13",
        keep: { latest: 1 },
      },
      ["keep auto_1 my z_3", "destroy z_1 z_2"],
    ],
    [
      "several match patterns",
      {
        snapshots: "a_1@12-01T09 b_1@12-01T10 c_1@12-01T11 a_2@12-01T12",
        keep: { latest: 1 },
        match: ["a_*", "b_*"],
      },
      ["keep c_1 a_2", "destroy a_1 b_1"],
    ],
    [
      "a dataset without governed snapshots",
      { snapshots: "x@12-01T09 y@12-01T10", keep: { latest: 1 } },
      ["keep x y", "destroy"],
    ],
    ["no snapshots at all", { snapshots: "", keep: { latest: 1 } }, ["keep", "destroy"]],
  ])("%s", (_, c, expected) => expect(verdict(c)).toEqual(expected));
});

describe("a period keeps the newest snapshot of each of its N most recent buckets that have one", () => {
  it.each<Row>([
    [
      "daily 2: the newest of the last two days with snapshots",
      { snapshots: "z_a@12-01T08 z_b@12-01T20 z_c@12-02T08 z_d@12-02T20 z_e@12-05T08", keep: { daily: 2 } },
      ["keep z_d z_e", "destroy z_a z_b z_c"],
    ],
    [
      "days without snapshots do not count: a backup server down for a week loses nothing",
      { snapshots: "z_a@11-01T12 z_b@11-02T12 z_c@11-03T12", keep: { daily: 3 }, now: "12-01T00" },
      ["keep z_a z_b z_c", "destroy"],
    ],
    [
      "hourly: two in one hour, the newer one stays",
      { snapshots: "z_a@12-01T10:00 z_b@12-01T10:30 z_c@12-01T11:00", keep: { hourly: 5 } },
      ["keep z_b z_c", "destroy z_a"],
    ],
    [
      "weekly buckets start on Monday (2026-11-30 is a Monday)",
      { snapshots: "z_sun@11-29T12 z_mon@11-30T12 z_tue@12-01T12", keep: { weekly: 2 } },
      ["keep z_sun z_tue", "destroy z_mon"],
    ],
    [
      "monthly and yearly",
      {
        snapshots: "z_a@2025-06-01T00 z_b@2025-12-31T23 z_c@11-15T00 z_d@11-30T00 z_e@12-01T00",
        keep: { monthly: 2, yearly: 2 },
      },
      ["keep z_b z_d z_e", "destroy z_a z_c"],
    ],
    [
      "the counts add up: a snapshot any count keeps survives",
      {
        snapshots: "z_a@11-01T00 z_b@11-20T00 z_c@12-01T10 z_d@12-01T11 z_e@12-01T12",
        keep: { latest: 2, daily: 2, monthly: 3 },
      },
      // latest: d e; daily: e (12-01) b (11-20); monthly: e (December) b (November).
      ["keep z_b z_d z_e", "destroy z_a z_c"],
    ],
    [
      "hourly 2 with daily 2",
      {
        snapshots: "z_a@11-30T10 z_b@11-30T11 z_c@12-01T10 z_d@12-01T11 z_e@12-01T12",
        keep: { hourly: 2, daily: 2 },
      },
      ["keep z_b z_d z_e", "destroy z_a z_c"],
    ],
  ])("%s", (_, c, expected) => expect(verdict(c)).toEqual(expected));
});

describe("the time zone decides where a day ends", () => {
  // 23:30 UTC on 12-01 is 00:30 on 12-02 in Berlin (UTC+1 in winter).
  const lateEvening = "z_a@12-01T12 z_b@12-01T23:30 z_c@12-02T12";
  it.each<Row>([
    [
      "UTC: a and b share 12-01",
      { snapshots: lateEvening, keep: { daily: 5 } },
      ["keep z_b z_c", "destroy z_a"],
    ],
    [
      "Europe/Berlin: b belongs to 12-02 with c",
      { snapshots: lateEvening, keep: { daily: 5 }, timeZone: "Europe/Berlin" },
      ["keep z_a z_c", "destroy z_b"],
    ],
    [
      "America/New_York summer time: 03:30 UTC is the evening before",
      {
        snapshots: "z_a@07-01T12 z_b@07-02T03:30 z_c@07-02T12",
        keep: { daily: 5 },
        timeZone: "America/New_York",
      },
      ["keep z_b z_c", "destroy z_a"],
    ],
  ])("%s", (_, c, expected) => expect(verdict(c)).toEqual(expected));
});

describe("protections override every rule", () => {
  it.each<Row>([
    [
      "a protected guid",
      { snapshots: fourHours, keep: { latest: 1 }, protect: ["z_2"] },
      ["keep z_2 z_4", "destroy z_1 z_3"],
    ],
    [
      "a held snapshot",
      { snapshots: "z_1@12-01T10! z_2@12-01T11 z_3@12-01T12", keep: { latest: 1 } },
      ["keep z_1 z_3", "destroy z_2"],
    ],
    [
      "the newest snapshot of the dataset, even when ungoverned rules would not keep it",
      { snapshots: "z_1@12-01T10 z_2@12-01T11 other@12-01T12", keep: { latest: 1 }, match: ["z_*"] },
      ["keep z_2 other", "destroy z_1"],
    ],
    [
      "a snapshot created after now",
      { snapshots: "z_1@12-01T10 z_2@12-01T11 z_3@12-03T00", keep: { latest: 1 }, now: "12-02T00" },
      ["keep z_3", "destroy z_1 z_2"],
    ],
  ])("%s", (_, c, expected) => expect(verdict(c)).toEqual(expected));
});

describe("every decision says why", () => {
  it("reasons name the rule, the bucket and what keeps the bucket", () => {
    expect(
      reasons({
        snapshots: "z_a@11-20T10 z_b@12-01T10 z_c@12-01T11! z_d@12-01T12 mine@12-01T13",
        keep: { latest: 1, daily: 1 },
        protect: ["z_b"],
      }),
    ).toEqual([
      "destroy z_a: older than the rules keep (latest 1, daily 1)",
      "keep z_b: protected",
      "keep z_c: held (1 hold)",
      "keep z_d: latest 1 of 1; daily 2026-12-01",
      "keep mine: newest snapshot of the dataset; not governed (match: z_*)",
    ]);
  });

  it("a snapshot whose bucket a newer one keeps says which", () => {
    expect(reasons({ snapshots: "z_a@12-01T10 z_b@12-01T11", keep: { daily: 3 } })).toEqual([
      "destroy z_a: daily 2026-12-01 keeps the newer @z_b",
      "keep z_b: newest snapshot of the dataset; daily 2026-12-01",
    ]);
  });

  it("week and hour labels", () => {
    expect(reasons({ snapshots: "z_a@01-01T10 z_b@01-01T10:30", keep: { hourly: 1, weekly: 1 } })).toEqual([
      "destroy z_a: hourly 2026-01-01T10 keeps the newer @z_b",
      "keep z_b: newest snapshot of the dataset; hourly 2026-01-01T10; weekly 2026-W01",
    ]);
  });
});
