import { calendarZone, type KeepCounts, planPrune, type Snapshot } from "@zrelay/core";

/** The worked example of docs/retention.md: a month of hourly snapshots and the rules applied to it. */
export const EXAMPLE_KEEP: KeepCounts = { latest: 24, hourly: 48, daily: 14, weekly: 4, monthly: 3 };
const FIRST = Date.parse("2026-11-01T00:00:00Z") / 1000;
const HOURS = 30 * 24;
const NOW = Date.parse("2026-12-01T00:30:00Z") / 1000;

/** The table the doc shows, made by planPrune itself: one row per day that keeps something. */
export function retentionExampleTable(): string {
  const snapshots: Snapshot[] = Array.from({ length: HOURS }, (_, hour) => {
    const creation = FIRST + hour * 3600;
    return {
      kind: "snapshot",
      dataset: "backup/host-storage/tank/data",
      name: `zrelay_nightly_${new Date(creation * 1000).toISOString().slice(0, 19)}Z`,
      guid: BigInt(hour + 1),
      createtxg: BigInt(hour + 1),
      creation,
      userrefs: 0,
    };
  });
  const plan = planPrune({
    snapshots,
    rules: { match: ["zrelay_nightly_*"], keep: EXAMPLE_KEEP },
    now: NOW,
    zone: calendarZone("UTC"),
    protections: [],
  });
  const days = new Map<string, { hours: number[]; why: Set<string> }>();
  for (const { snapshot, reason } of plan.keep) {
    const iso = new Date(snapshot.creation * 1000).toISOString();
    const day = days.get(iso.slice(0, 10)) ?? { hours: [], why: new Set<string>() };
    day.hours.push(Number(iso.slice(11, 13)));
    for (const part of reason.split("; ")) day.why.add(part.split(" ")[0] ?? part);
    days.set(iso.slice(0, 10), day);
  }
  const rows = [...days].map(
    ([day, { hours, why }]) => `| ${day} | ${hours.length} | ${hourRanges(hours)} | ${[...why].join(", ")} |`,
  );
  return [
    `${plan.keep.length} of ${HOURS} snapshots survive, ${plan.destroy.length} are destroyed:`,
    "",
    "| day (UTC) | kept | hours | kept by |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function hourRanges(hours: readonly number[]): string {
  const ranges: string[] = [];
  let start = hours[0];
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i] ?? 0;
    const next = hours[i + 1];
    if (next === hour + 1) continue;
    const pad = (h: number) => `${String(h).padStart(2, "0")}:00`;
    ranges.push(start === hour ? pad(hour) : `${pad(start ?? 0)}–${pad(hour)}`);
    start = next;
  }
  return ranges.join(", ");
}
